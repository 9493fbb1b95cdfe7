/* learners/bandit_opt.c - the `bandit-opt` algorithm: one bandit instance
 * (envs/bandit.h, drawn from the job's parameters), the exact optimal policy
 * of each notion (PF, EF, UF, NSW, GGI; learners/bandit_policy.h), and the
 * PF, EF and UF scores of each. This is one setting of the paper's factorial
 * sweep (section 7, Table 1): no exploration, the means are known.
 *
 * Metrics: <policy>_<score> for policy in pf, ef, uf, nsw, ggi and score in
 * pf, ef, uf (15 values in [0,1]); d_star (the minimum disparity), u_star
 * (the maximum total utility), pf_fw_iters (Frank-Wolfe iterations of the PF
 * tie-break) and mean_fav (favourites per agent). No curves.
 * Parameter ef_tie chooses among several EF minimisers (sensitivity runs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/bandit.h"
#include "learners/bandit_policy.h"
#include "learners/learner.h"

static const struct fs_param_spec opt_params[] = {
    FS_BANDIT_PARAM_SPECS,
    {"ef_tie", FS_PARAM_TEXT, 0, 0, 0, "min-norm|max-utility|min-utility",
     "which EF minimiser when several: closest to uniform, or (nearly) the "
     "best / worst total utility among them"},
};

/* Weight of the utility term that picks among the EF minimisers. */
#define EF_TIE_WEIGHT 1e-3

/* The EF policy with the job's tie-break: D(p) - w sum_j p_j sum_i mu_ij
 * with w = +-EF_TIE_WEIGHT moves along the set of minimisers of D towards
 * the best (worst) total utility, at a disparity cost of order w^2. */
static int ef_with_tie(const struct fs_job *job, const double *mu, int n, int k,
                       double *p, fs_err *e)
{
    const struct fs_param *tie = fs_job_param(job, "ef_tie");
    double w = 0;
    if (tie && tie->is_text && strcmp(tie->text, "max-utility") == 0)
        w = EF_TIE_WEIGHT;
    else if (tie && tie->is_text && strcmp(tie->text, "min-utility") == 0)
        w = -EF_TIE_WEIGHT;
    if (w == 0)
        return fs_policy_ef(mu, n, k, NULL, p, e);
    double *bonus = fs_xcalloc((size_t)k, sizeof *bonus);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < k; j++)
            bonus[j] += w * mu[(size_t)i * (size_t)k + (size_t)j];
    int rc = fs_policy_ef(mu, n, k, bonus, p, e);
    free(bonus);
    return rc;
}

static const char *const opt_envs[] = {"bandit", NULL};

static int opt_run(const struct fs_job *job, const struct fs_settings *s,
                   struct fs_result *out, fs_err *e)
{
    fs_bandit *b = NULL;
    int rc = fs_bandit_from_job(job, s->seed, &b, e);
    if (rc)
        return rc;
    int n = fs_bandit_n_agents(b), k = fs_bandit_n_arms(b);
    const double *mu = fs_bandit_means(b);
    unsigned char *fav = fs_xmalloc((size_t)n * (size_t)k);
    double *p = fs_xmalloc((size_t)k * sizeof *p);
    fs_bandit_favourites(mu, n, k, 0, fav);
    double nfav = 0;
    for (size_t q = 0; q < (size_t)n * (size_t)k; q++)
        nfav += fav[q];

    struct fs_score_ref ref;
    struct fs_solve_info info = {0, 0};
    rc = fs_score_ref_init(mu, n, k, &ref, e);
    for (int pol = 0; pol < FS_POLICY_COUNT && !rc; pol++) {
        if (pol == FS_POLICY_PF)
            rc = fs_policy_pf(fav, n, k, p, &info, e);
        else if (pol == FS_POLICY_EF)
            rc = ef_with_tie(job, mu, n, k, p, e);
        else
            rc = fs_policy_solve((enum fs_bandit_policy)pol, mu, n, k, p, e);
        struct fs_scores sc = {0, 0, 0};
        if (!rc)
            rc = fs_score_all(mu, fav, n, k, &ref, p, &sc, e);
        const double v[3] = {sc.pf, sc.ef, sc.uf};
        static const char *const score[3] = {"pf", "ef", "uf"};
        for (int q = 0; q < 3 && !rc; q++) {
            char name[FS_NAME_MAX];
            snprintf(name, sizeof name, "%s_%s", fs_policy_name((enum fs_bandit_policy)pol),
                     score[q]);
            rc = fs_result_metric(out, name, v[q], e);
        }
    }
    if (!rc)
        rc = fs_result_metric(out, "d_star", ref.d_star, e);
    if (!rc)
        rc = fs_result_metric(out, "u_star", ref.u_star, e);
    if (!rc)
        rc = fs_result_metric(out, "pf_fw_iters", info.iterations, e);
    if (!rc)
        rc = fs_result_metric(out, "mean_fav", nfav / n, e);
    free(fav);
    free(p);
    fs_bandit_destroy(&b);
    return rc;
}

static double opt_cost(const struct fs_job *job, const struct fs_settings *s)
{
    (void)s;
    double n = fs_job_num(job, "n_agents", 3), k = fs_job_num(job, "n_arms", 3);
    return 5e-7 * n * n * k + 2e-4; /* measured: ~0.4 ms at n = k = 10 */
}

const struct fs_learner fs_learner_bandit_opt = {
    .name = "bandit-opt",
    .summary = "bandit: optimal PF/EF/UF/NSW/GGI policies of one instance and their scores",
    .params = opt_params,
    .n_params = sizeof opt_params / sizeof opt_params[0],
    .envs = opt_envs,
    .cost = opt_cost,
    .run = opt_run,
};
