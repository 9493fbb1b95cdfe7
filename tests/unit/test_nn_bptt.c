/* tests/unit/test_nn_bptt.c - the batched backward-through-time of the QMIX
 * agent net (learners/qmix_agent.c, driven through the benchmark's wrapper
 * bench/bench_qmix_agent.c, built here as a library)
 * against central finite differences of its loss, for every parameter, at a
 * small shape (T = 4 steps, B = 3 rows, in 5, H 4, 3 actions).
 * Tolerance as in test_nn_grad.c: |g - fd| <= 2e-3 + 2e-2 |fd|, h = 1e-3. */
#include "tests/unit/test_common.h"

#define FS_BENCH_NO_MAIN
#include "bench/bench_qmix_agent.c"

static void test_agent_bptt_matches_finite_differences(void **state)
{
    (void)state;
    agent_dims d = {.T = 4, .B = 3, .in = 5, .H = 4, .A = 3};
    fs_rng r;
    fs_rng_init(&r, 11, 0, FS_RNG_INIT);
    agent_net net;
    agent_create(&net, d, &r);
    size_t n = fs_params_count(net.p);
    float *theta = fs_params_data(net.p);
    fs_params_zero_grad(net.p);
    agent_forward(&net);
    agent_backward(&net);
    float *g = malloc(n * sizeof *g);
    memcpy(g, fs_params_grad(net.p), n * sizeof *g);
    const float h = 1e-3f;
    for (size_t i = 0; i < n; i++) {
        float old = theta[i], up = old + h, down = old - h;
        theta[i] = up;
        double lp = agent_forward(&net);
        theta[i] = down;
        double lm = agent_forward(&net);
        theta[i] = old;
        double fd = (lp - lm) / ((double)up - (double)down);
        if (!(fabs(g[i] - fd) <= 2e-3 + 2e-2 * fabs(fd)))
            fail_msg("param %zu: analytic %.7g, finite difference %.7g", i,
                     (double)g[i], fd);
    }
    free(g);
    agent_destroy(&net);
}

/* FLOP count of the benchmark at PyMARL's shape, by hand:
 * N = 4800 rows; forward 2N(60*64 + 2*64*192 + 64*8), backward
 * 2N(2*64*8 + 4*192*64 + 60*64) = 796.2624 MFLOP in all. */
static void test_agent_flop_count(void **state)
{
    (void)state;
    agent_dims d = {.T = 50, .B = 96, .in = 60, .H = 64, .A = 8};
    assert_close(agent_step_flops(d), 796262400.0, 0, 1e-12);
}

int main(void)
{
    fs_nn_blas_single_thread();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agent_bptt_matches_finite_differences),
        cmocka_unit_test(test_agent_flop_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
