/* core/nn_gru.c - PyTorch GRUCell forward and backward. See nn.h. */
#include "core/nn.h"

#include <math.h>

#include "core/nn_math.h"

void fs_nn_gru_step_forward(float *h_out, float *cache, const float *gi,
                            const float *h, const float *w_hh,
                            const float *b_hh, int B, int H)
{
    // gi is (B, 3H), h is (B, H), w_hh is (3H, H), b_hh is (3H)
    // cache gets gates (B, 3H) then gh (B, 3H); h_out will be (B, H)
    const size_t H3 = 3u * (size_t)H;
    float *gates = cache, *gh = cache + (size_t)B * H3;
    fs_nn_dense_forward(gh, h, w_hh, b_hh, B, H, 3 * H);
    for (int i = 0; i < B; i++) {
        const float *gii = gi + i * H3, *ghi = gh + i * H3;
        const float *hi = h + (size_t)i * H;
        float *g = gates + i * H3, *ho = h_out + (size_t)i * H;
        for (int j = 0; j < H; j++) {
            float r = fs_sigmoid1(gii[j] + ghi[j]);
            float z = fs_sigmoid1(gii[H + j] + ghi[H + j]);
            float n = fs_tanh1(gii[2 * H + j] + r * ghi[2 * H + j]);
            g[j] = r;
            g[H + j] = z;
            g[2 * H + j] = n;
            ho[j] = (1.0f - z) * n + z * hi[j];
        }
    }
}

void fs_nn_gru_gates_backward(float *dgi, float *dgh, float *dh,
                              const float *dh_out, const float *cache,
                              const float *h, int B, int H)
{
    const size_t H3 = 3u * (size_t)H;
    const float *gates = cache, *gh = cache + (size_t)B * H3;
    for (int i = 0; i < B; i++) {
        const float *g = gates + i * H3, *ghi = gh + i * H3;
        const float *hi = h + (size_t)i * H, *dho = dh_out + (size_t)i * H;
        float *dgii = dgi + i * H3, *dghi = dgh + i * H3;
        float *dhi = dh != NULL ? dh + (size_t)i * H : NULL;
        for (int j = 0; j < H; j++) {
            float r = g[j], z = g[H + j], n = g[2 * H + j];
            // forward: h' = (1 - z) n + z h
            float dn = dho[j] * (1.0f - z);
            float dz = dho[j] * (hi[j] - n);
            if (dhi != NULL)
                dhi[j] += dho[j] * z;
            // forward: n = tanh(gi_n + r gh_n)
            float dan = dn * (1.0f - n * n);
            float dr = dan * ghi[2 * H + j];
            // forward: r = sigmoid(gi_r + gh_r), z = sigmoid(gi_z + gh_z)
            float dar = dr * r * (1.0f - r);
            float daz = dz * z * (1.0f - z);
            dgii[j] = dar;
            dgii[H + j] = daz;
            dgii[2 * H + j] = dan;
            dghi[j] = dar;
            dghi[H + j] = daz;
            dghi[2 * H + j] = dan * r;
        }
    }
}

void fs_nn_gru_forward(float *h_out, float *cache, float *work, const float *x,
                       const float *h, const float *w_ih, const float *w_hh,
                       const float *b_ih, const float *b_hh, int B, int in,
                       int H)
{
    // gi = x w_ih^T + b_ih is (B, 3H), kept in work
    fs_nn_dense_forward(work, x, w_ih, b_ih, B, in, 3 * H);
    fs_nn_gru_step_forward(h_out, cache, work, h, w_hh, b_hh, B, H);
}

void fs_nn_gru_backward(float *dx, float *dh, float *dw_ih, float *dw_hh,
                        float *db_ih, float *db_hh, float *work,
                        const float *dh_out, const float *cache,
                        const float *x, const float *h, const float *w_ih,
                        const float *w_hh, int B, int in, int H)
{
    float *dgi = work, *dgh = work + (size_t)B * 3u * (size_t)H;
    fs_nn_gru_gates_backward(dgi, dgh, dh, dh_out, cache, h, B, H);
    // forward: gh = h w_hh^T + b_hh and gi = x w_ih^T + b_ih
    fs_nn_dense_backward(dh, dw_hh, db_hh, dgh, h, w_hh, B, H, 3 * H);
    fs_nn_dense_backward(dx, dw_ih, db_ih, dgi, x, w_ih, B, in, 3 * H);
}
