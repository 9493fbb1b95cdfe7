/* learners/registry.c - the table of algorithms. One line per algorithm. */
#include "learners/learner.h"

#include <string.h>

extern const struct fs_learner fs_learner_synthetic;
extern const struct fs_learner fs_learner_bandit_opt;
extern const struct fs_learner fs_learner_bandit_pf;
extern const struct fs_learner fs_learner_bandit_ef;
extern const struct fs_learner fs_learner_bandit_uf;
extern const struct fs_learner fs_learner_fen;
extern const struct fs_learner fs_learner_ppo;
extern const struct fs_learner fs_learner_decaf_jo;
extern const struct fs_learner fs_learner_decaf_so;
extern const struct fs_learner fs_learner_decaf_fo;
extern const struct fs_learner fs_learner_assign;
extern const struct fs_learner fs_learner_qmix;
extern const struct fs_learner fs_learner_qmix_r1;
extern const struct fs_learner fs_learner_qmix_r2;
extern const struct fs_learner fs_learner_qmix_fen;
extern const struct fs_learner fs_learner_qmix_fixed;
extern const struct fs_learner fs_learner_fair_gne;

static const struct fs_learner *const learners[] = {
    &fs_learner_synthetic,
    &fs_learner_bandit_opt,
    &fs_learner_bandit_pf,
    &fs_learner_bandit_ef,
    &fs_learner_bandit_uf,
    &fs_learner_fen,
    &fs_learner_ppo,
    &fs_learner_decaf_jo,
    &fs_learner_decaf_so,
    &fs_learner_decaf_fo,
    &fs_learner_assign,
    &fs_learner_qmix,
    &fs_learner_qmix_r1,
    &fs_learner_qmix_r2,
    &fs_learner_qmix_fen,
    &fs_learner_qmix_fixed,
    &fs_learner_fair_gne,
};

size_t fs_learner_count(void)
{
    return sizeof learners / sizeof learners[0];
}

const struct fs_learner *fs_learner_at(size_t i)
{
    return i < fs_learner_count() ? learners[i] : NULL;
}

const struct fs_learner *fs_learner_find(const char *name)
{
    for (size_t i = 0; i < fs_learner_count(); i++)
        if (strcmp(learners[i]->name, name) == 0)
            return learners[i];
    return NULL;
}

const struct fs_param_spec *fs_learner_param(const struct fs_learner *l,
                                             const char *name)
{
    for (int i = 0; i < l->n_params; i++)
        if (strcmp(l->params[i].name, name) == 0)
            return &l->params[i];
    return NULL;
}
