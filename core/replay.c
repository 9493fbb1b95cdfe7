/* core/replay.c - transition and episode replay rings. See replay.h. */
#include "core/replay.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* a * b, or 0 (with *ok cleared) when it would overflow size_t. */
static size_t mul_size(size_t a, size_t b, int *ok)
{
    if (a != 0 && b > SIZE_MAX / a) {
        *ok = 0;
        return 0;
    }
    return a * b;
}

/* Ring slots 0 .. size-1 are always the occupied ones (the ring only
 * wraps once it is full), so uniform draws over slots need no offset. The
 * oldest entry sits at `head` once full, at 0 before. */
static size_t oldest_slot(size_t head, size_t size, size_t capacity)
{
    return size < capacity ? 0 : head;
}

/* ---- transitions ------------------------------------------------------ */

struct fs_transitions {
    size_t capacity;
    size_t record_floats;
    size_t size;       /* records stored */
    size_t head;       /* slot of the next push */
    size_t pushed;     /* total pushes */
    float *data;       /* [capacity][record_floats] */
};

int fs_transitions_create(fs_transitions **out, size_t capacity,
                          size_t record_floats, fs_err *e)
{
    *out = NULL;
    if (capacity == 0 || record_floats == 0)
        return fs_err_set(e, FS_ECONFIG,
                          "transition buffer: capacity (%zu) and record size "
                          "(%zu floats) must both be at least 1",
                          capacity, record_floats);
    int ok = 1;
    size_t n = mul_size(capacity, record_floats, &ok);
    size_t bytes = mul_size(n, sizeof(float), &ok);
    if (!ok)
        return fs_err_set(e, FS_ECONFIG,
                          "transition buffer: %zu records of %zu floats "
                          "overflow the address space",
                          capacity, record_floats);
    fs_transitions *tb = fs_xcalloc(1, sizeof *tb);
    tb->capacity = capacity;
    tb->record_floats = record_floats;
    tb->data = fs_xmalloc(bytes);
    *out = tb;
    return FS_OK;
}

void fs_transitions_destroy(fs_transitions **tb)
{
    if (tb == NULL || *tb == NULL)
        return;
    free((*tb)->data);
    free(*tb);
    *tb = NULL;
}

void fs_transitions_push(fs_transitions *tb, const float *record)
{
    memcpy(tb->data + tb->head * tb->record_floats, record,
           tb->record_floats * sizeof(float));
    tb->head = (tb->head + 1) % tb->capacity;
    if (tb->size < tb->capacity)
        tb->size++;
    tb->pushed++;
}

size_t fs_transitions_size(const fs_transitions *tb) { return tb->size; }
size_t fs_transitions_capacity(const fs_transitions *tb) { return tb->capacity; }
size_t fs_transitions_record_floats(const fs_transitions *tb)
{
    return tb->record_floats;
}
size_t fs_transitions_pushed(const fs_transitions *tb) { return tb->pushed; }

const float *fs_transitions_get(const fs_transitions *tb, size_t i)
{
    assert(i < tb->size);
    size_t slot = (oldest_slot(tb->head, tb->size, tb->capacity) + i) %
                  tb->capacity;
    return tb->data + slot * tb->record_floats;
}

int fs_transitions_sample(const fs_transitions *tb, fs_rng *r, size_t batch,
                          float *out, fs_err *e)
{
    if (batch == 0)
        return FS_OK;
    if (tb->size == 0)
        return fs_err_set(e, FS_ECONFIG,
                          "transition buffer: cannot sample %zu records from "
                          "an empty buffer", batch);
    const size_t rf = tb->record_floats;
    for (size_t b = 0; b < batch; b++) {
        size_t slot = (size_t)fs_rng_below(r, tb->size);
        memcpy(out + b * rf, tb->data + slot * rf, rf * sizeof(float));
    }
    return FS_OK;
}

/* ---- episodes --------------------------------------------------------- */

struct fs_episodes {
    size_t capacity;
    size_t max_steps;
    size_t n_fields;
    char **names;           /* [n_fields], owned copies */
    size_t *fps;            /* floats per step, [n_fields] */
    size_t *field_off;      /* offset of field f inside one episode */
    size_t episode_floats;  /* sum_f max_steps * fps[f] */
    size_t size;
    size_t head;
    size_t *length;         /* [capacity] filled steps per slot */
    size_t *pick;           /* [capacity] scratch for sampling */
    float *data;            /* [capacity][episode_floats] */
};

static int check_fields(const fs_episode_field *fields, size_t n_fields,
                        fs_err *e)
{
    if (n_fields == 0 || n_fields > INT_MAX)
        return fs_err_set(e, FS_ECONFIG,
                          "episode buffer: %zu fields (need 1 .. %d)",
                          n_fields, INT_MAX);
    for (size_t f = 0; f < n_fields; f++) {
        const char *name = fields[f].name;
        if (name == NULL || name[0] == '\0')
            return fs_err_set(e, FS_ECONFIG,
                              "episode buffer: field %zu has no name", f);
        if (fields[f].floats_per_step == 0)
            return fs_err_set(e, FS_ECONFIG,
                              "episode buffer: field '%s' has 0 floats per "
                              "step", name);
        for (size_t g = 0; g < f; g++)
            if (strcmp(fields[g].name, name) == 0)
                return fs_err_set(e, FS_ECONFIG,
                                  "episode buffer: field '%s' is listed "
                                  "twice", name);
    }
    return FS_OK;
}

/* Episode layout: per field, max_steps * fps floats. Returns the episode
 * size in floats, with *ok cleared on overflow; fills off[]. */
static size_t layout(const fs_episode_field *fields, size_t n_fields,
                     size_t max_steps, size_t *off, int *ok)
{
    size_t total = 0;
    for (size_t f = 0; f < n_fields; f++) {
        off[f] = total;
        size_t n = mul_size(max_steps, fields[f].floats_per_step, ok);
        if (n > SIZE_MAX - total)
            *ok = 0;
        else
            total += n;
    }
    return total;
}

int fs_episodes_create(fs_episodes **out, size_t capacity, size_t max_steps,
                       const fs_episode_field *fields, size_t n_fields,
                       fs_err *e)
{
    *out = NULL;
    if (capacity == 0 || max_steps == 0)
        return fs_err_set(e, FS_ECONFIG,
                          "episode buffer: capacity (%zu episodes) and "
                          "max_steps (%zu) must both be at least 1",
                          capacity, max_steps);
    int rc = check_fields(fields, n_fields, e);
    if (rc != FS_OK)
        return rc;
    int ok = 1;
    size_t *off = fs_xmalloc(n_fields * sizeof *off);
    size_t ep_floats = layout(fields, n_fields, max_steps, off, &ok);
    size_t bytes = mul_size(mul_size(capacity, ep_floats, &ok),
                            sizeof(float), &ok);
    if (!ok) {
        free(off);
        return fs_err_set(e, FS_ECONFIG,
                          "episode buffer: %zu episodes of %zu steps overflow "
                          "the address space", capacity, max_steps);
    }
    fs_episodes *eb = fs_xcalloc(1, sizeof *eb);
    eb->capacity = capacity;
    eb->max_steps = max_steps;
    eb->n_fields = n_fields;
    eb->field_off = off;
    eb->episode_floats = ep_floats;
    eb->names = fs_xmalloc(n_fields * sizeof *eb->names);
    eb->fps = fs_xmalloc(n_fields * sizeof *eb->fps);
    for (size_t f = 0; f < n_fields; f++) {
        eb->names[f] = fs_xstrdup(fields[f].name);
        eb->fps[f] = fields[f].floats_per_step;
    }
    eb->length = fs_xcalloc(capacity, sizeof *eb->length);
    eb->pick = fs_xmalloc(capacity * sizeof *eb->pick);
    eb->data = fs_xmalloc(bytes);
    *out = eb;
    return FS_OK;
}

void fs_episodes_destroy(fs_episodes **eb)
{
    if (eb == NULL || *eb == NULL)
        return;
    fs_episodes *p = *eb;
    for (size_t f = 0; f < p->n_fields; f++)
        free(p->names[f]);
    free(p->names);
    free(p->fps);
    free(p->field_off);
    free(p->length);
    free(p->pick);
    free(p->data);
    free(p);
    *eb = NULL;
}

int fs_episodes_field_index(const fs_episodes *eb, const char *name)
{
    for (size_t f = 0; f < eb->n_fields; f++)
        if (strcmp(eb->names[f], name) == 0)
            return (int)f;
    return FS_ENOTFOUND;
}

size_t fs_episodes_n_fields(const fs_episodes *eb) { return eb->n_fields; }
size_t fs_episodes_field_floats(const fs_episodes *eb, size_t field)
{
    assert(field < eb->n_fields);
    return eb->fps[field];
}
size_t fs_episodes_size(const fs_episodes *eb) { return eb->size; }
size_t fs_episodes_capacity(const fs_episodes *eb) { return eb->capacity; }
size_t fs_episodes_max_steps(const fs_episodes *eb) { return eb->max_steps; }

static float *slot_field(const fs_episodes *eb, size_t slot, size_t f)
{
    return eb->data + slot * eb->episode_floats + eb->field_off[f];
}

int fs_episodes_push(fs_episodes *eb, const float *const *data,
                     size_t n_steps, fs_err *e)
{
    if (n_steps == 0 || n_steps > eb->max_steps)
        return fs_err_set(e, FS_ECONFIG,
                          "episode buffer: episode of %zu steps (need 1 .. "
                          "%zu)", n_steps, eb->max_steps);
    size_t slot = eb->head;
    for (size_t f = 0; f < eb->n_fields; f++) {
        float *dst = slot_field(eb, slot, f);
        size_t used = n_steps * eb->fps[f];
        size_t all = eb->max_steps * eb->fps[f];
        if (data != NULL && data[f] != NULL)
            memcpy(dst, data[f], used * sizeof(float));
        else
            memset(dst, 0, used * sizeof(float));
        memset(dst + used, 0, (all - used) * sizeof(float));
    }
    eb->length[slot] = n_steps;
    eb->head = (eb->head + 1) % eb->capacity;
    if (eb->size < eb->capacity)
        eb->size++;
    return FS_OK;
}

static size_t stored_slot(const fs_episodes *eb, size_t i)
{
    assert(i < eb->size);
    return (oldest_slot(eb->head, eb->size, eb->capacity) + i) % eb->capacity;
}

size_t fs_episodes_length(const fs_episodes *eb, size_t i)
{
    return eb->length[stored_slot(eb, i)];
}

const float *fs_episodes_field_data(const fs_episodes *eb, size_t i,
                                    size_t field)
{
    assert(field < eb->n_fields);
    return slot_field(eb, stored_slot(eb, i), field);
}

/* Choose `batch` distinct occupied slots into eb->pick[0 .. batch-1]:
 * the first `batch` steps of a Fisher-Yates shuffle of 0 .. size-1. */
static void pick_distinct(fs_episodes *eb, fs_rng *r, size_t batch)
{
    size_t *p = eb->pick;
    for (size_t i = 0; i < eb->size; i++)
        p[i] = i;
    for (size_t k = 0; k < batch; k++) {
        size_t j = k + (size_t)fs_rng_below(r, eb->size - k);
        size_t t = p[k];
        p[k] = p[j];
        p[j] = t;
    }
}

/* Copy field f of the picked episodes time-major into out[T][batch][fps]. */
static void gather_field(const fs_episodes *eb, size_t f, size_t batch,
                         size_t T, float *out)
{
    const size_t fps = eb->fps[f];
    for (size_t b = 0; b < batch; b++) {
        const float *src = slot_field(eb, eb->pick[b], f);
        for (size_t t = 0; t < T; t++)
            memcpy(out + (t * batch + b) * fps, src + t * fps,
                   fps * sizeof(float));
    }
}

int fs_episodes_sample(fs_episodes *eb, fs_rng *r, size_t batch,
                       float *const *out, float *filled, size_t *max_len,
                       fs_err *e)
{
    if (batch > eb->size)
        return fs_err_set(e, FS_ECONFIG,
                          "episode buffer: cannot draw %zu distinct episodes "
                          "from %zu stored", batch, eb->size);
    pick_distinct(eb, r, batch);
    size_t T = 0;
    for (size_t b = 0; b < batch; b++)
        if (eb->length[eb->pick[b]] > T)
            T = eb->length[eb->pick[b]];
    for (size_t f = 0; f < eb->n_fields; f++)
        if (out != NULL && out[f] != NULL)
            gather_field(eb, f, batch, T, out[f]);
    if (filled != NULL)
        for (size_t t = 0; t < T; t++)
            for (size_t b = 0; b < batch; b++)
                filled[t * batch + b] = t < eb->length[eb->pick[b]] ? 1.0f
                                                                     : 0.0f;
    if (max_len != NULL)
        *max_len = T;
    return FS_OK;
}
