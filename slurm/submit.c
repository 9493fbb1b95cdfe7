/* slurm/submit.c - hand a batch script to sbatch and read back the job id. */
#include "slurm/slurm.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Read all of fd into out (cap bytes, NUL-terminated, excess dropped). */
static void read_all(int fd, char *out, size_t cap)
{
    size_t len = 0;
    char chunk[256];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        size_t take = (size_t)n;
        if (len + take > cap - 1)
            take = cap - 1 - len;
        memcpy(out + len, chunk, take);
        len += take;
    }
    out[len] = '\0';
}

/* sbatch --parsable prints "JOBID" or "JOBID;CLUSTER". */
static int parse_job_id(const char *text, char *job_id, size_t cap, fs_err *e)
{
    size_t n = strspn(text, "0123456789");
    if (n == 0 || n + 1 > cap || (text[n] != '\0' && text[n] != ';' && text[n] != '\n'))
        return fs_err_set(e, FS_EFORMAT, "sbatch printed '%.80s', not a job id", text);
    memcpy(job_id, text, n);
    job_id[n] = '\0';
    return FS_OK;
}

int fs_slurm_submit(const char *script_path, char *job_id, size_t cap, fs_err *e)
{
    int fds[2];
    if (pipe(fds) != 0)
        return fs_err_set(e, FS_EIO, "pipe: %s", strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    char *argv[] = {(char *)"sbatch", (char *)"--parsable", (char *)script_path, NULL};
    pid_t pid;
    int err = posix_spawnp(&pid, "sbatch", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (err != 0) {
        close(fds[0]);
        return fs_err_set(e, FS_EIO, "cannot run sbatch: %s (is Slurm installed and on "
                          "PATH?)", strerror(err));
    }
    char out[512];
    read_all(fds[0], out, sizeof out);
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fs_err_set(e, FS_EIO, "sbatch %s failed (%s %d)", script_path,
                          WIFEXITED(status) ? "exit status" : "signal",
                          WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return parse_job_id(out, job_id, cap, e);
}
