/* tests/unit/test_optim.c - Adam and RMSprop against hand-computed values
 * and PyTorch's, and gradient clipping. */
#include "tests/unit/test_common.h"

#include <string.h>

#include "core/optim.h"

/* Three gradient steps on four parameters; used for the PyTorch values. */
static const float grads[3][4] = {
    {1.0f, -2.0f, 1e-3f, 0.0f},
    {0.5f, 0.3f, -1e-3f, 0.0f},
    {-0.25f, 0.1f, 2e-3f, 0.0f},
};
static const float theta0[4] = {1.0f, -0.5f, 0.25f, 0.0f};

/* First Adam step: m = 0.1 g, v = 0.001 g^2, the bias corrections are 0.1
 * and 0.001, so theta -= lr * g / (|g| + eps), about lr * sign(g). */
static void test_adam_first_step_by_hand(void **state)
{
    (void)state;
    float theta[4], m[4] = {0}, v[4] = {0};
    memcpy(theta, theta0, sizeof theta);
    fs_adam_cfg cfg = fs_adam_defaults(0.01);
    fs_adam_update(theta, m, v, grads[0], 4, 1, &cfg);
    for (int i = 0; i < 4; i++) {
        double g = grads[0][i];
        assert_close(theta[i], theta0[i] - 0.01 * g / (fabs(g) + 1e-8), 1e-8,
                     1e-6);
        assert_close(m[i], 0.1 * g, 1e-12, 1e-6);
        assert_close(v[i], 0.001 * g * g, 1e-15, 1e-6);
    }
}

/* Second step of parameter 0 (g = 1 then 0.5, lr 0.01), by hand:
 * m = 0.9 * 0.1 + 0.1 * 0.5 = 0.14; v = 0.999 * 0.001 + 0.001 * 0.25
 * = 0.001249; bias corrections 1 - 0.9^2 = 0.19, 1 - 0.999^2 = 0.001999;
 * step = 0.01 / 0.19 * 0.14 / (sqrt(0.001249) / sqrt(0.001999) + 1e-8)
 *      = 0.0093217993..., so theta = 0.99 - 0.0093218 = 0.9806782. */
static void test_adam_second_step_by_hand(void **state)
{
    (void)state;
    float theta[4], m[4] = {0}, v[4] = {0};
    memcpy(theta, theta0, sizeof theta);
    fs_adam_cfg cfg = fs_adam_defaults(0.01);
    fs_adam_update(theta, m, v, grads[0], 4, 1, &cfg);
    fs_adam_update(theta, m, v, grads[1], 4, 2, &cfg);
    double step = 0.01 / 0.19 * 0.14 / (sqrt(0.001249) / sqrt(0.001999) + 1e-8);
    assert_close(theta[0], 0.99 - step, 1e-7, 1e-6);
    assert_close(m[0], 0.14, 1e-8, 1e-6);
    assert_close(v[0], 0.001249, 1e-10, 1e-5);
}

/* torch.optim.Adam([p], lr=0.01) (torch 1.13) after each of the three
 * gradient steps, printed with %.9g. */
static void test_adam_matches_pytorch(void **state)
{
    (void)state;
    static const double want[3][4] = {
        {0.99000001, -0.49000001, 0.240000099, 0.0},
        {0.980678201, -0.484478027, 0.240526408, 0.0},
        {0.975041568, -0.48053053, 0.235544026, 0.0},
    };
    float theta[4];
    memcpy(theta, theta0, sizeof theta);
    fs_adam_cfg cfg = fs_adam_defaults(0.01);
    fs_optim *o = fs_optim_adam_create(4, &cfg);
    for (int s = 0; s < 3; s++) {
        fs_optim_step(o, theta, grads[s]);
        for (int i = 0; i < 4; i++)
            assert_close(theta[i], want[s][i], 1e-9, 3e-7);
    }
    assert_int_equal(fs_optim_steps(o), 3);
    fs_optim_destroy(&o);
    assert_null(o);
    fs_optim_destroy(&o);
}

/* First RMSprop step: v = 0.01 g^2, so theta -= lr g / (0.1 |g| + eps). */
static void test_rmsprop_first_step_by_hand(void **state)
{
    (void)state;
    float theta[4], v[4] = {0};
    memcpy(theta, theta0, sizeof theta);
    fs_rmsprop_cfg cfg = fs_rmsprop_defaults(0.01);
    assert_close(cfg.alpha, 0.99, 0, 0);
    assert_close(cfg.eps, 1e-8, 0, 0);
    cfg.eps = 1e-5;                             // PyMARL's value
    fs_rmsprop_update(theta, v, grads[0], 4, &cfg);
    for (int i = 0; i < 4; i++) {
        double g = grads[0][i];
        assert_close(theta[i], theta0[i] - 0.01 * g / (0.1 * fabs(g) + 1e-5),
                     1e-7, 1e-6);
    }
}

/* torch.optim.RMSprop([p], lr=0.01, alpha=0.99, eps=1e-5) (torch 1.13). */
static void test_rmsprop_matches_pytorch(void **state)
{
    (void)state;
    static const double want[3][4] = {
        {0.90000999, -0.400005013, 0.159090906, 0.0},
        {0.855112672, -0.414911389, 0.225286543, 0.0},
        {0.87712115, -0.419898987, 0.146650985, 0.0},
    };
    float theta[4];
    memcpy(theta, theta0, sizeof theta);
    fs_rmsprop_cfg cfg = {.lr = 0.01, .alpha = 0.99, .eps = 1e-5};
    fs_optim *o = fs_optim_rmsprop_create(4, &cfg);
    for (int s = 0; s < 3; s++) {
        fs_optim_step(o, theta, grads[s]);
        for (int i = 0; i < 4; i++)
            assert_close(theta[i], want[s][i], 1e-9, 3e-7);
    }
    fs_optim_destroy(&o);
}

static void test_set_lr(void **state)
{
    (void)state;
    float theta = 1.0f, g = 2.0f;
    fs_rmsprop_cfg cfg = fs_rmsprop_defaults(0.01);
    fs_optim *o = fs_optim_rmsprop_create(1, &cfg);
    fs_optim_set_lr(o, 0.0);
    fs_optim_step(o, &theta, &g);
    assert_true(theta == 1.0f);
    fs_optim_destroy(&o);
}

/* clip_grad_norm_ with max_norm 1 on (3, 4, 0): norm 5, coef 1 / (5 + 1e-6);
 * torch gives (0.5999999046325684, 0.7999998331069946, 0) and returns 5. */
static void test_clip_grad_norm(void **state)
{
    (void)state;
    float g[3] = {3, 4, 0};
    assert_close(fs_clip_grad_norm(g, 3, 10.0f), 5.0, 1e-12, 0);
    assert_true(g[0] == 3.0f && g[1] == 4.0f);  // below max: untouched
    assert_close(fs_clip_grad_norm(g, 3, 1.0f), 5.0, 1e-12, 0);
    assert_close(g[0], 0.5999999046325684, 1e-9, 0);
    assert_close(g[1], 0.7999998331069946, 1e-9, 0);
    assert_true(g[2] == 0.0f);
    float z[2] = {0, 0};
    assert_close(fs_clip_grad_norm(z, 2, 1.0f), 0.0, 0, 0);
    assert_true(z[0] == 0.0f);
    // exactly at the limit: coef = 5 / (5 + 1e-6) < 1, so it scales slightly
    float e[2] = {3, 4};
    fs_clip_grad_norm(e, 2, 5.0f);
    assert_close(e[0], 3.0 * 5 / (5 + 1e-6), 3e-7, 0);   // float ulp at 3: 2.4e-7
    assert_true(e[0] < 3.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adam_first_step_by_hand),
        cmocka_unit_test(test_adam_second_step_by_hand),
        cmocka_unit_test(test_adam_matches_pytorch),
        cmocka_unit_test(test_rmsprop_first_step_by_hand),
        cmocka_unit_test(test_rmsprop_matches_pytorch),
        cmocka_unit_test(test_set_lr),
        cmocka_unit_test(test_clip_grad_norm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
