/* learners/qmix_learners.c - parameter tables, presets and the QMIX
 * learner plug-ins. See learners/qmix_learners.h and docs/qmix.md. */
#include "learners/qmix_learners.h"

#include <math.h>
#include <string.h>

/* Parameters every QMIX variant has. -1 (0 for train_every) means "from
 * the preset"; the `config` names must match qmix_presets below. */
#define QMIX_COMMON_PARAMS                                                    \
    {"config", FS_PARAM_TEXT, 0, 0, 0, "pymarl|pymarl2|hospital",             \
     "preset: PyMARL defaults, pymarl2's Adam + TD(lambda), or the "          \
     "healthcare papers' EPyMARL config"},                                    \
    {"lr", FS_PARAM_NUM, -1, -1, 1, NULL, "learning rate (-1: preset)"},      \
    {"optimizer", FS_PARAM_TEXT, 0, 0, 0, "preset|rmsprop|adam",              \
     "optimizer (preset: RMSprop for pymarl, else Adam)"},                    \
    {"batch", FS_PARAM_INT, -1, -1, 4096, NULL,                               \
     "episodes per update (-1: preset)"},                                     \
    {"buffer", FS_PARAM_INT, -1, -1, 1e6, NULL, "episodes kept (-1: preset)"},\
    {"target_update", FS_PARAM_INT, -1, -1, 1e6, NULL,                        \
     "episodes between target copies (-1: preset)"},                          \
    {"hidden", FS_PARAM_INT, 64, 1, 1024, NULL, "agent GRU width"},           \
    {"embed", FS_PARAM_INT, -1, -1, 1024, NULL,                               \
     "mixing embed dim (-1: preset)"},                                        \
    {"hyper_embed", FS_PARAM_INT, -1, -1, 1024, NULL,                         \
     "hypernet hidden width (-1: preset)"},                                   \
    {"gamma", FS_PARAM_NUM, 0.99, 0, 1, NULL, "discount"},                    \
    {"double_q", FS_PARAM_BOOL, 1, 0, 1, NULL, "double Q-learning"},          \
    {"td_lambda", FS_PARAM_NUM, -1, -1, 1, NULL,                              \
     "lambda of TD(lambda) targets, 0 one-step (-1: preset)"},                \
    {"train_every", FS_PARAM_INT, 0, 0, 1e6, NULL,                            \
     "episodes collected per update (0: preset)"},                            \
    {"grad_clip", FS_PARAM_NUM, 10, 1e-6, 1e9, NULL, "global L2 norm clip"},  \
    {"eps_start", FS_PARAM_NUM, 1.0, 0, 1, NULL, "initial epsilon"},          \
    {"eps_finish", FS_PARAM_NUM, 0.05, 0, 1, NULL, "final epsilon"},          \
    {"eps_anneal", FS_PARAM_NUM, -1, -1, 1e12, NULL,                          \
     "env steps of the linear epsilon decay (-1: preset)"},                   \
    {"eval_eps", FS_PARAM_NUM, -1, -1, 1, NULL,                               \
     "epsilon at evaluation (-1: preset, 0.1 hospital, else 0)"},             \
    {"reward_scale", FS_PARAM_NUM, 0.01, 1e-9, 1e9, NULL,                     \
     "factor on the (shaped) reward before training"},                        \
    {"tau", FS_PARAM_NUM, 0.85, 0, 1, NULL,                                   \
     "JFI threshold for csat / kkt (and the constraint of fixed, fair-gne)"}, \
    {"kkt_tol", FS_PARAM_NUM, 0.05, 0, 1, NULL,                               \
     "tolerance of the per-evaluation KKT check"}

#define SCHEDULE_PARAMS                                                       \
    {"schedule", FS_PARAM_TEXT, 0, 0, 0, "const|linear|cosine|step",          \
     "lambda scheduler: constant or a ramp from lambda_start"},               \
    {"lambda_start", FS_PARAM_NUM, 0, 0, 1e6, NULL, "lambda at the ramp start"},\
    {"ramp", FS_PARAM_NUM, 0.5, 0, 1, NULL,                                   \
     "fraction of the training budget the ramp lasts"}

static const struct fs_param_spec qmix_params[] = {QMIX_COMMON_PARAMS};

static const struct fs_param_spec r1_params[] = {
    QMIX_COMMON_PARAMS,
    {"lambda", FS_PARAM_NUM, 1, 0, 1e6, NULL, "weight of L1 (Gini)"},
    SCHEDULE_PARAMS};

static const struct fs_param_spec r2_params[] = {
    QMIX_COMMON_PARAMS,
    {"lambda", FS_PARAM_NUM, 1, 0, 1e6, NULL, "weight of L3"},
    {"alpha", FS_PARAM_NUM, 0.5, 0, 1, NULL,
     "L3 = alpha L1 + (1 - alpha) L2"},
    SCHEDULE_PARAMS};

static const struct fs_param_spec fen_params[] = {
    QMIX_COMMON_PARAMS,
    {"lambda", FS_PARAM_NUM, 10, 0, 1e6, NULL, "weight of the FEN signal"}};

static const struct fs_param_spec fixed_params[] = {
    QMIX_COMMON_PARAMS,
    {"lambda", FS_PARAM_NUM, 10, 0, 1e6, NULL,
     "fixed weight of tau - JFI"}};

static const struct fs_param_spec gne_params[] = {
    QMIX_COMMON_PARAMS,
    {"dual_lr", FS_PARAM_NUM, 0.01, 0, 1e6, NULL, "dual ascent step"},
    {"lambda_max", FS_PARAM_NUM, 10, 0, 1e6, NULL, "projection bound"},
    {"update_freq", FS_PARAM_INT, 10, 1, 1e6, NULL,
     "rounds between dual updates"}};

static const char *text_or(const struct fs_job *job, const char *name,
                           const char *dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && p->is_text ? p->text : dflt;
}

static double num_or(const struct fs_job *job, const char *name, double preset)
{
    double v = fs_job_num(job, name, -1);
    return v < 0 ? preset : v;
}

/* The presets of `config` (docs/qmix.md). */
struct qmix_preset {
    const char *name;
    double lr;
    int rmsprop, batch, buffer, target_update, embed, hyper_embed;
    double eps_anneal, eval_eps, td_lambda;
    int train_every;
};

static const struct qmix_preset qmix_presets[] = {
    /* PyMARL qmix.yaml (SMAC era) */
    {.name = "pymarl", .lr = 5e-4, .rmsprop = 1, .batch = 32, .buffer = 5000,
     .target_update = 200, .embed = 32, .hyper_embed = 64,
     .eps_anneal = 50000, .eval_eps = 0.0, .td_lambda = 0.0,
     .train_every = 1},
    /* pymarl2's optimizer and TD(lambda) with PyMARL's batch, buffer,
     * target and epsilon schedule; one update per 3 episodes */
    {.name = "pymarl2", .lr = 1e-3, .rmsprop = 0, .batch = 32, .buffer = 5000,
     .target_update = 200, .embed = 32, .hyper_embed = 64,
     .eps_anneal = 50000, .eval_eps = 0.0, .td_lambda = 0.6,
     .train_every = 3},
    /* the healthcare papers' EPyMARL fork */
    {.name = "hospital", .lr = 1e-3, .rmsprop = 0, .batch = 1024,
     .buffer = 50000, .target_update = 25, .embed = 192, .hyper_embed = 256,
     .eps_anneal = 400000, .eval_eps = 0.1, .td_lambda = 0.0,
     .train_every = 1},
};

static const struct qmix_preset *find_preset(const char *name)
{
    for (size_t i = 0; i < sizeof qmix_presets / sizeof qmix_presets[0]; i++)
        if (strcmp(qmix_presets[i].name, name) == 0)
            return &qmix_presets[i];
    return &qmix_presets[0]; /* the parameter table admits no other name */
}

void fs_qmix_configure(const struct fs_job *job, const struct fs_settings *s,
                       const struct fs_env_spec *spec, struct fs_qmix_cfg *qc,
                       struct fs_qmix_run_cfg *rc)
{
    const struct qmix_preset *P = find_preset(text_or(job, "config", "pymarl"));
    const char *opt = text_or(job, "optimizer", "preset");
    memset(qc, 0, sizeof *qc);
    memset(rc, 0, sizeof *rc);
    qc->n = spec->n_agents;
    qc->obs_dim = spec->obs_dim;
    qc->state_dim = spec->state_dim;
    qc->n_actions = spec->n_actions;
    qc->episode_limit = spec->episode_limit;
    qc->hidden = (int)fs_job_num(job, "hidden", 64);
    qc->embed = (int)num_or(job, "embed", P->embed);
    qc->hyper_embed = (int)num_or(job, "hyper_embed", P->hyper_embed);
    qc->gamma = fs_job_num(job, "gamma", 0.99);
    qc->lr = num_or(job, "lr", P->lr);
    qc->rmsprop = strcmp(opt, "preset") == 0 ? P->rmsprop
                                             : strcmp(opt, "rmsprop") == 0;
    qc->batch = (int)num_or(job, "batch", P->batch);
    qc->buffer = (int)num_or(job, "buffer", P->buffer);
    qc->double_q = fs_job_num(job, "double_q", 1) != 0;
    qc->grad_clip = fs_job_num(job, "grad_clip", 10);
    qc->td_lambda = num_or(job, "td_lambda", P->td_lambda);
    rc->env_steps = s->env_steps > 0 ? s->env_steps : 200000;
    rc->eval_every = s->eval_every;
    rc->eval_episodes = s->eval_episodes > 0 ? s->eval_episodes : 10;
    rc->batch = qc->batch;
    int every = (int)fs_job_num(job, "train_every", 0);
    rc->train_every = every >= 1 ? every : P->train_every;
    rc->target_update = (int64_t)num_or(job, "target_update", P->target_update);
    rc->eps_start = fs_job_num(job, "eps_start", 1.0);
    rc->eps_finish = fs_job_num(job, "eps_finish", 0.05);
    rc->eps_anneal = num_or(job, "eps_anneal", P->eps_anneal);
    rc->eval_eps = num_or(job, "eval_eps", P->eval_eps);
    rc->reward_scale = fs_job_num(job, "reward_scale", 0.01);
    rc->kkt_tol = fs_job_num(job, "kkt_tol", 0.05);
}

/* Seconds per env step on resus: acting and evaluation, plus updates
 * scaled by batch / 32 and divided by train_every. Fit to the 10-seed
 * healthcare sweeps (59 s per 100k-step job at pymarl2, where solved
 * episodes get short and updates many). */
static double qmix_cost(const struct fs_job *job, const struct fs_settings *s)
{
    struct fs_env_spec spec = {3, 1, 1, 8, 50};
    struct fs_qmix_cfg qc;
    struct fs_qmix_run_cfg rc;
    fs_qmix_configure(job, s, &spec, &qc, &rc);
    double per_step = 1.5e-4 + 1.3e-3 * (qc.batch / 32.0) / rc.train_every;
    return (double)rc.env_steps * per_step;
}

#define RUN_WITH(fn, kind)                                                    \
    static int fn(const struct fs_job *job, const struct fs_settings *s,      \
                  struct fs_result *out, fs_err *e)                           \
    {                                                                         \
        return fs_qmix_run(job, s, kind, out, e);                             \
    }

RUN_WITH(run_qmix, FS_SHAPE_NONE)
RUN_WITH(run_r1, FS_SHAPE_R1)
RUN_WITH(run_r2, FS_SHAPE_R2)
RUN_WITH(run_fen, FS_SHAPE_FEN)
RUN_WITH(run_fixed, FS_SHAPE_FIXED)
RUN_WITH(run_gne, FS_SHAPE_GNE)

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const struct fs_learner fs_learner_qmix = {
    "qmix", "QMIX (PyMARL): GRU agents, hypernetwork mixer, double Q",
    qmix_params, COUNT(qmix_params), NULL, qmix_cost, run_qmix};
const struct fs_learner fs_learner_qmix_r1 = {
    "qmix-r1", "QMIX with workload shaping r - lambda L1 (Gini)",
    r1_params, COUNT(r1_params), NULL, qmix_cost, run_r1};
const struct fs_learner fs_learner_qmix_r2 = {
    "qmix-r2", "QMIX with FairSkillMARL shaping r - lambda (alpha L1 + (1-alpha) L2)",
    r2_params, COUNT(r2_params), NULL, qmix_cost, run_r2};
const struct fs_learner fs_learner_qmix_fen = {
    "qmix-fen", "QMIX with MARLHospital's FEN-style utilisation shaping",
    fen_params, COUNT(fen_params), NULL, qmix_cost, run_fen};
const struct fs_learner fs_learner_qmix_fixed = {
    "qmix-fixed", "QMIX with a fixed JFI penalty r - lambda (tau - JFI)",
    fixed_params, COUNT(fixed_params), NULL, qmix_cost, run_fixed};
const struct fs_learner fs_learner_fair_gne = {
    "fair-gne", "Fair-GNE: QMIX with the JFI >= tau constraint by dual ascent",
    gne_params, COUNT(gne_params), NULL, qmix_cost, run_gne};
