/* mpi/util.c - outstanding sends, stop signals, clocks for the runtime. */
#include "mpi/internal.h"

#include <signal.h>
#include <stdlib.h>
#include <time.h>

void sends_post(struct sends *s, void *buf, int bytes, int dest, int tag,
                MPI_Comm comm)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->req = fs_xrealloc(s->req, (size_t)s->cap * sizeof *s->req);
        s->buf = fs_xrealloc(s->buf, (size_t)s->cap * sizeof *s->buf);
    }
    MPI_Isend(buf, bytes, MPI_BYTE, dest, tag, comm, &s->req[s->n]);
    s->buf[s->n] = buf;
    s->n++;
}

int sends_test(struct sends *s)
{
    int k = 0;
    for (int i = 0; i < s->n; i++) {
        int done = 0;
        MPI_Test(&s->req[i], &done, MPI_STATUS_IGNORE);
        if (done) {
            free(s->buf[i]);
        } else {
            s->req[k] = s->req[i];
            s->buf[k] = s->buf[i];
            k++;
        }
    }
    s->n = k;
    return k;
}

void sends_free(struct sends *s)
{
    if (s->n > 0)
        MPI_Waitall(s->n, s->req, MPI_STATUSES_IGNORE);
    for (int i = 0; i < s->n; i++)
        free(s->buf[i]);
    free(s->req);
    free(s->buf);
    s->req = NULL;
    s->buf = NULL;
    s->n = s->cap = 0;
}

/* The one piece of process-wide state: a signal handler can only talk to
 * the program through a sig_atomic_t. */
static volatile sig_atomic_t stop_flag;
static struct sigaction saved[3];
static const int stop_sigs[3] = {SIGINT, SIGTERM, SIGUSR1};

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

void fs_run_signals_install(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    stop_flag = 0;
    for (int i = 0; i < 3; i++)
        sigaction(stop_sigs[i], &sa, &saved[i]);
}

void fs_run_signals_restore(void)
{
    for (int i = 0; i < 3; i++)
        sigaction(stop_sigs[i], &saved[i], NULL);
}

int stop_requested(void)
{
    return stop_flag != 0;
}

double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
