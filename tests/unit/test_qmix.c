/* tests/unit/test_qmix.c - QMIX: the mixer's backward and the whole TD
 * loss gradient against central finite differences, monotonicity of the
 * mixer, a learning smoke test on the `matrix` game, and determinism.
 * Tolerance as test_nn_grad.c: |g - fd| <= 2e-3 + 2e-2 |fd|, h = 1e-3. */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nn.h"
#include "learners/qmix.h"
#include "learners/qmix_learners.h"
#include "learners/qmix_mixer.h"

static void fill_normal(float *x, size_t n, fs_rng *r, double scale)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(scale * fs_rng_normal(r));
}

static void check_grad(const float *g, double fd, size_t i, const char *what)
{
    if (!(fabs(g[i] - fd) <= 2e-3 + 2e-2 * fabs(fd)))
        fail_msg("%s %zu: analytic %.7g, finite difference %.7g", what, i,
                 (double)g[i], fd);
}

/* Loss = sum_m c_m Q_tot(m), so dQ_tot = c. */
struct mix_case {
    fs_qmix_mixer_layout L;
    fs_params *p;
    fs_qmix_mixer_work *w;
    float q[4 * 3], s[4 * 5], c[4], qtot[4];
};

static double mix_loss(struct mix_case *m)
{
    fs_qmix_mixer_forward(&m->L, fs_params_data(m->p), m->w, m->q, m->s, 4,
                          m->qtot);
    double l = 0;
    for (int i = 0; i < 4; i++)
        l += (double)m->c[i] * m->qtot[i];
    return l;
}

static void test_mixer_backward_matches_finite_differences(void **state)
{
    (void)state;
    struct mix_case m;
    fs_rng r;
    fs_rng_init(&r, 3, 0, FS_RNG_INIT);
    m.p = fs_params_create();
    fs_qmix_mixer_add(m.p, "mixer", 3, 5, 4, 6, &m.L);
    fs_params_finalize(m.p);
    fs_params_init(m.p, &r);
    m.w = fs_qmix_mixer_work_create(&m.L, 4);
    fill_normal(m.q, 12, &r, 1.0);
    fill_normal(m.s, 20, &r, 1.0);
    fill_normal(m.c, 4, &r, 1.0);
    float dq[12] = {0};
    fs_params_zero_grad(m.p);
    mix_loss(&m);
    fs_qmix_mixer_backward(&m.L, fs_params_data(m.p), fs_params_grad(m.p),
                           m.w, m.c, dq);
    size_t n = fs_params_count(m.p);
    float *g = malloc(n * sizeof *g), *th = fs_params_data(m.p);
    memcpy(g, fs_params_grad(m.p), n * sizeof *g);
    const float h = 1e-3f;
    for (size_t i = 0; i < n; i++) {
        float old = th[i];
        th[i] = old + h;
        double lp = mix_loss(&m);
        th[i] = old - h;
        double lm = mix_loss(&m);
        th[i] = old;
        check_grad(g, (lp - lm) / (2.0 * h), i, "mixer param");
    }
    for (size_t i = 0; i < 12; i++) {
        float old = m.q[i];
        m.q[i] = old + h;
        double lp = mix_loss(&m);
        m.q[i] = old - h;
        double lm = mix_loss(&m);
        m.q[i] = old;
        check_grad(dq, (lp - lm) / (2.0 * h), i, "dq");
    }
    free(g);
    fs_qmix_mixer_work_destroy(&m.w);
    fs_params_destroy(&m.p);
}

static void test_mixer_is_monotone_in_every_q(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 4, 0, FS_RNG_INIT);
    fs_qmix_mixer_layout L;
    fs_params *p = fs_params_create();
    fs_qmix_mixer_add(p, "mixer", 3, 5, 8, 16, &L);
    fs_params_finalize(p);
    fs_params_init(p, &r);
    fs_qmix_mixer_work *w = fs_qmix_mixer_work_create(&L, 1);
    for (int trial = 0; trial < 50; trial++) {
        float q[3], s[5], dq[3] = {0}, one = 1.0f, qt;
        fill_normal(q, 3, &r, 3.0);
        fill_normal(s, 5, &r, 3.0);
        fs_qmix_mixer_forward(&L, fs_params_data(p), w, q, s, 1, &qt);
        fs_params_zero_grad(p);
        fs_qmix_mixer_backward(&L, fs_params_data(p), fs_params_grad(p), w,
                               &one, dq);
        for (int a = 0; a < 3; a++)
            assert_true(dq[a] >= 0.0f);
    }
    fs_qmix_mixer_work_destroy(&w);
    fs_params_destroy(&p);
}

/* A tiny batch: B = 2 episodes, T = 3 transitions (L = 4 slots), n = 2
 * agents, obs 3, state 4, 3 actions; episode 0 terminates at t = 2,
 * episode 1 is filled throughout; some actions unavailable. */
enum { TB = 2, TT = 3, TL = 4, TN = 2, TO = 3, TS = 4, TA = 3 };

struct tiny {
    float state[TL * TB * TS], obs[TL * TB * TN * TO];
    float avail[TL * TB * TN * TA], act[TL * TB * TN];
    float rew[TL * TB], term[TL * TB], filled[TL * TB];
};

static void tiny_batch(struct tiny *b, fs_rng *r)
{
    fill_normal(b->state, sizeof b->state / sizeof(float), r, 1.0);
    fill_normal(b->obs, sizeof b->obs / sizeof(float), r, 1.0);
    fill_normal(b->rew, TL * TB, r, 1.0);
    for (int i = 0; i < TL * TB * TN; i++) {
        float *av = b->avail + i * TA;
        for (int u = 0; u < TA; u++)
            av[u] = 1.0f;
        av[i % TA] = (i % 4 == 1) ? 0.0f : 1.0f;
        int u = (int)fs_rng_below(r, TA);
        while (av[u] < 0.5f)
            u = (u + 1) % TA;
        b->act[i] = (float)u;
    }
    memset(b->term, 0, sizeof b->term);
    for (int t = 0; t < TL; t++)
        for (int e = 0; e < TB; e++)
            b->filled[t * TB + e] = (e == 0 && t > 2) ? 0.0f : 1.0f;
    b->term[2 * TB + 0] = 1.0f;
}

static struct fs_qmix_cfg tiny_cfg(int double_q)
{
    return (struct fs_qmix_cfg){.n = TN, .obs_dim = TO, .state_dim = TS,
                                .n_actions = TA, .episode_limit = TT,
                                .hidden = 5, .embed = 4, .hyper_embed = 6,
                                .gamma = 0.9, .lr = 1e-3, .rmsprop = 1,
                                .batch = TB, .buffer = 4, .double_q = double_q,
                                .grad_clip = 10};
}

static void loss_gradient_case(int double_q)
{
    fs_rng r;
    fs_rng_init(&r, 5 + double_q, 0, FS_RNG_INIT);
    struct fs_qmix_cfg cfg = tiny_cfg(double_q);
    fs_qmix *q = NULL;
    fs_err e = {0};
    assert_int_equal(fs_qmix_create(&cfg, &r, &q, &e), 0);
    /* make the target differ from the online net */
    float *tt = fs_params_data(fs_qmix_target(q));
    for (size_t i = 0; i < fs_params_count(fs_qmix_target(q)); i++)
        tt[i] += (float)(0.1 * fs_rng_normal(&r));
    struct tiny tb;
    tiny_batch(&tb, &r);
    struct fs_qmix_batch b = {TT, TB, tb.state, tb.obs, tb.avail, tb.act,
                              tb.rew, tb.term, tb.filled};
    fs_params *p = fs_qmix_params(q);
    size_t n = fs_params_count(p);
    double l0 = fs_qmix_loss(q, &b, 1);
    assert_true(l0 > 0);
    float *g = malloc(n * sizeof *g), *th = fs_params_data(p);
    memcpy(g, fs_params_grad(p), n * sizeof *g);
    const float h = 1e-3f;
    for (size_t i = 0; i < n; i++) {
        float old = th[i];
        th[i] = old + h;
        double lp = fs_qmix_loss(q, &b, 0);
        th[i] = old - h;
        double lm = fs_qmix_loss(q, &b, 0);
        th[i] = old;
        check_grad(g, (lp - lm) / (2.0 * h), i, "qmix param");
    }
    free(g);
    fs_qmix_destroy(&q);
    assert_null(q);
}

static void test_loss_gradient_matches_finite_differences(void **state)
{
    (void)state;
    loss_gradient_case(0);
    loss_gradient_case(1);
}

/* PyMARL's mask: steps after an episode's termination and unfilled steps
 * do not enter the loss. */
static void test_loss_masks_steps_after_termination(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 9, 0, FS_RNG_INIT);
    struct fs_qmix_cfg cfg = tiny_cfg(1);
    fs_qmix *q = NULL;
    fs_err e = {0};
    assert_int_equal(fs_qmix_create(&cfg, &r, &q, &e), 0);
    struct tiny tb;
    tiny_batch(&tb, &r);
    struct fs_qmix_batch b = {TT, TB, tb.state, tb.obs, tb.avail, tb.act,
                              tb.rew, tb.term, tb.filled};
    double base = fs_qmix_loss(q, &b, 0);
    /* episode 0 terminated at t = 2 and is unfilled after: its t = 3
     * reward cannot matter (t = 3 is not a transition) and neither can a
     * change of its filled flag at t = 3 */
    tb.rew[3 * TB + 0] += 100.0f;
    tb.filled[3 * TB + 0] = 1.0f;
    assert_close(fs_qmix_loss(q, &b, 0), base, 1e-9, 0);
    /* but its t = 2 reward does */
    tb.rew[2 * TB + 0] += 1.0f;
    assert_true(fabs(fs_qmix_loss(q, &b, 0) - base) > 1e-4);
    fs_qmix_destroy(&q);
}

/* TD(lambda) targets on two hand-worked episodes (gamma 0.5, lambda
 * 0.5): episode 0 runs 3 steps and terminates, episode 1 is cut after 2
 * steps (time limit, bootstraps). Time-major: index t * 2 + episode. */
static void test_td_lambda_targets_by_hand(void **state)
{
    (void)state;
    const float rew[] = {1, 2, 2, 4, 3, 0}, term[] = {0, 0, 0, 0, 1, 0};
    const float tq[] = {10, 20, 30, 40, 50, 60}, mask[] = {1, 1, 1, 1, 1, 0};
    struct fs_qmix_batch b = {.T = 3, .B = 2, .reward = rew,
                              .terminated = term};
    float y[6];
    fs_qmix_td_targets(y, &b, tq, mask, 0.5, 0.0);
    const float one_step[] = {6, 12, 17, 24, 3, 30};
    for (int i = 0; i < 5; i++)
        assert_close(y[i], one_step[i], 1e-6, 0);
    fs_qmix_td_targets(y, &b, tq, mask, 0.5, 0.5);
    /* ep 0: y2 = 3 (terminal); y1 = 2 + .5 (.5 30 + .5 3) = 10.25;
     *       y0 = 1 + .5 (.5 10 + .5 10.25) = 6.0625
     * ep 1: y1 = 4 + .5 40 = 24 (step 2 masked); y0 = 2 + .5 (.5 20 + .5 24) = 13 */
    const float lam[] = {6.0625f, 13, 10.25f, 24, 3};
    for (int i = 0; i < 5; i++)
        assert_close(y[i], lam[i], 1e-6, 0);
}

static struct fs_job matrix_job(void)
{
    struct fs_job job = {0};
    snprintf(job.env, sizeof job.env, "matrix");
    snprintf(job.algo, sizeof job.algo, "qmix");
    const char *names[] = {"batch", "eps_anneal", "target_update", "hidden",
                           "reward_scale"};
    const double vals[] = {16, 1000, 20, 16, 1};
    for (int i = 0; i < 5; i++) {
        snprintf(job.params[i].name, FS_NAME_MAX, "%s", names[i]);
        job.params[i].num = vals[i];
    }
    job.n_params = 5;
    job.seed = 0;
    job.id = 77;
    return job;
}

static double metric(const struct fs_result *r, const char *name)
{
    for (int i = 0; i < r->n_metrics; i++)
        if (strcmp(r->metrics[i].name, name) == 0)
            return r->metrics[i].value;
    fail_msg("metric %s missing", name);
    return NAN;
}

/* The coordination game's best joint action (0, 0) pays 5; QMIX finds it
 * within 2000 one-step episodes on every one of three seeds, with the
 * given preset (NULL: the default). With a batch of 16 and train_every k,
 * updates happen on every k-th episode once the buffer holds a batch:
 * floor(E / k) - floor(15 / k) of them. */
static void learns_matrix_game(const char *preset, int train_every)
{
    struct fs_job job = matrix_job();
    if (preset) {
        struct fs_param *cfg = &job.params[job.n_params++];
        snprintf(cfg->name, FS_NAME_MAX, "config");
        cfg->is_text = 1;
        snprintf(cfg->text, FS_TEXT_MAX, "%s", preset);
    }
    for (uint64_t seed = 1; seed <= 3; seed++) {
        struct fs_settings s = {.seed = seed, .env_steps = 2000,
                                .eval_every = 500, .eval_episodes = 5};
        struct fs_result res;
        fs_result_init(&res, job.id);
        fs_err e = {0};
        assert_int_equal(fs_learner_qmix.run(&job, &s, &res, &e), 0);
        assert_close(metric(&res, "success"), 1.0, 0, 0);
        assert_close(metric(&res, "return"), 5.0, 1e-12, 0);
        assert_int_equal(res.n_curves, QMIX_CURVES);
        assert_int_equal(res.curves[0].n, 4);
        double episodes = metric(&res, "train_episodes");
        assert_close(metric(&res, "updates"),
                     floor(episodes / train_every) - 15 / train_every, 0, 0);
        fs_result_clear(&res);
    }
}

static void test_learns_matrix_game(void **state)
{
    (void)state;
    learns_matrix_game(NULL, 1);
}

/* pymarl2: Adam, TD(lambda 0.6), one update per 3 episodes. */
static void test_pymarl2_preset_learns_matrix_game(void **state)
{
    (void)state;
    learns_matrix_game("pymarl2", 3);
}

static void run_resus_tiny(struct fs_result *res, const char *algo)
{
    struct fs_job job = {0};
    snprintf(job.env, sizeof job.env, "resus");
    snprintf(job.algo, sizeof job.algo, "%s", algo);
    const char *names[] = {"batch", "buffer", "hidden", "embed", "hyper_embed"};
    const double vals[] = {4, 8, 8, 4, 8};
    for (int i = 0; i < 5; i++) {
        snprintf(job.params[i].name, FS_NAME_MAX, "%s", names[i]);
        job.params[i].num = vals[i];
    }
    job.n_params = 5;
    job.id = 4242;
    struct fs_settings s = {.seed = 7, .env_steps = 600, .eval_every = 300,
                            .eval_episodes = 2};
    const struct fs_learner *l = fs_learner_find(algo);
    assert_non_null(l);
    fs_result_init(res, job.id);
    fs_err e = {0};
    assert_int_equal(l->run(&job, &s, res, &e), 0);
}

static void test_same_job_same_result(void **state)
{
    (void)state;
    const char *algos[] = {"qmix", "fair-gne"};
    for (int k = 0; k < 2; k++) {
        struct fs_result a, b;
        run_resus_tiny(&a, algos[k]);
        run_resus_tiny(&b, algos[k]);
        assert_int_equal(a.n_metrics, b.n_metrics);
        assert_true(a.n_metrics >= 15);
        for (int i = 0; i < a.n_metrics; i++) {
            assert_string_equal(a.metrics[i].name, b.metrics[i].name);
            assert_memory_equal(&a.metrics[i].value, &b.metrics[i].value,
                                sizeof(double));
        }
        for (int c = 0; c < a.n_curves; c++)
            assert_memory_equal(a.curves[c].points, b.curves[c].points,
                                (size_t)a.curves[c].n * sizeof(double));
        fs_result_clear(&a);
        fs_result_clear(&b);
    }
}

int main(void)
{
    fs_nn_blas_single_thread();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixer_backward_matches_finite_differences),
        cmocka_unit_test(test_mixer_is_monotone_in_every_q),
        cmocka_unit_test(test_loss_gradient_matches_finite_differences),
        cmocka_unit_test(test_loss_masks_steps_after_termination),
        cmocka_unit_test(test_td_lambda_targets_by_hand),
        cmocka_unit_test(test_learns_matrix_game),
        cmocka_unit_test(test_pymarl2_preset_learns_matrix_game),
        cmocka_unit_test(test_same_job_same_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
