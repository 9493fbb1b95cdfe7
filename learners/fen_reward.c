/* learners/fen_reward.c - FEN's fairness features, fair-efficient reward
 * and gossip estimate of the mean utility. See fen.h. */
#include "learners/fen.h"

#include <math.h>

void fs_fen_features(double u, double avg, double c, double *rat,
                     double *utili)
{
    *rat = avg == 0.0 ? 0.0 : (u - avg) / avg;
    *utili = fmin(1.0, avg / c);
}

double fs_fen_reward(double u, double avg, double c, double eps)
{
    double rat, utili;
    fs_fen_features(u, avg, c, &rat, &utili);
    return utili / (eps + fabs(rat));
}

void fs_fen_gossip(const double *u, double *est, int n, int rounds,
                   fs_rng *r)
{
    enum { PEERS = 3 };
    for (int i = 0; i < n; i++)
        est[i] = u[i];
    for (int k = 0; k < rounds; k++)
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int m = 0; m < PEERS; m++)
                s += est[fs_rng_below(r, (uint64_t)n)];
            est[i] = 0.02 * est[i] + 0.98 * (est[i] + s) / (PEERS + 1) +
                     (fs_rng_uniform(r) - 0.5) * 1e-4;
        }
}
