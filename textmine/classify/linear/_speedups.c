/* Compiled inner loops of classification: TF-IDF rows of a batch counted in one pass per document
 * (ngrams.py), the top-weighted terms of rows for evidence (weighted_terms.py), and the content
 * words among a text's tokens (features.py, deciding as text/segment.py does). Each caller keeps a Python twin that gives
 * the same results where this module was not built.
 *
 * Built as the private module ``textmine.classify.linear._speedups``; ``compiled.py`` beside it is the
 * one switch its callers read. Python's buffer protocol carries numpy arrays in and
 * out; the module needs no numpy headers.
 *
 *   build_table(keys: uint64[n], columns: int64[n], table: uint64[2 * cap]) -> None
 *       Open-addressing hash table from vocabulary key to feature column, (key, column) side by side so
 *       that a lookup touches one cache line (cap a power of two, at least 2n); the table must be
 *       filled with EMPTY (all bits set) beforehand. Keys should differ (tfidf_rows finds the first of
 *       equal ones); token_ids' hashes may not, and it checks every entry of a hash.
 *
 *   tfidf_rows(blocks: tuple of (units: uint32[m], offsets: int64[d + 1], n_min, n_max, base, table,
 *                                idf: float64[n_features], sublinear, l2),
 *              indptr: int64[d + 1], indices: int32[cap], data: float32[cap]) -> nnz
 *       The rows of every block side by side (block b's columns after those of the blocks before it),
 *       as scipy.sparse.hstack would put them. In a block, document i is units[offsets[i]:offsets[i + 1]].
 *       Every n-gram (n_min <= n <= n_max) inside a document is packed into one key (key * base + unit,
 *       units in order); n-grams holding a unit 0 (a token no term holds) are skipped. The table must
 *       hold every prefix of its terms, a prefix that is no term with column EMPTY: an n-gram not in the
 *       table ends the search for longer ones from the same start. Keys found in the table count towards
 *       their feature column; the counts become tf (1 + log(count) when sublinear), times idf, rows
 *       scaled to unit length when l2. Rows come out with their columns sorted, as scikit-learn gives them.
 *
 *   token_ids(text: uint32[m], offsets: int64[d + 1], table: uint64[2 * cap], token_offsets: int64[t + 1],
 *             token_text: uint32[...], ids: uint32[m], id_offsets: int64[d + 1]) -> None
 *       Splits each document on whitespace (as Python's str.split() does) and writes each token's id
 *       plus one, or 0 for a token the vocabulary does not hold, with the new document offsets. The
 *       table maps a token's hash to its id; token_text[token_offsets[i]:token_offsets[i + 1]] holds
 *       token i, which the match is checked against, so equal hashes of different tokens never meet.
 *
 *   hash_tokens(token_offsets, token_text, hashes: uint64[t]) -> None
 *       The hash token_ids uses, of every token (to build its table with build_table).
 *
 *   content_words(tokens: list[str], table, token_offsets, token_text) -> str
 *       The content words among a text's tokens, joined by spaces: a token is dropped when it is one of
 *       the stop words in the table (as token_ids' table) or holds no word character (none that
 *       str.isalnum() holds true, no "_", nothing in U+4E00..U+9FFF), exactly as segment.py decides.
 *
 *   content_word_ids(token_lists: list[list[str]], stop_table, stop_offsets, stop_text, table, token_offsets,
 *                    token_text, ids: uint32[cap], id_offsets: int64[d + 1]) -> None
 *       content_words then token_ids in one pass, without the joined text: each document's content words
 *       (stop words as content_words' table), lowercased as str.lower() does, split on whitespace and
 *       looked up in the word table (as token_ids'), ids written as token_ids writes them.
 *
 *   top_terms(indptr: int32[r + 1], indices: int32[nnz], data: float32[nnz], rows: int64[p],
 *             labels: int64[p], weights: float32[l * n_columns], n_columns, k, out: int32[p * k]) -> None
 *       For each pair p, the columns of row rows[p] whose value times weights[labels[p], column] is
 *       positive, the k largest products first (equal products: lower column first), -1 after them.
 *
 *   distinct_terms(columns: int32[p * k], k, terms: list[str], n) -> list[list[str]]
 *       For each pair, the terms of its columns in order (until a -1), skipping a term that holds or sits
 *       inside one taken before, at most n of them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EMPTY UINT64_MAX
#define PREFETCH_AHEAD 8
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/* Fibonacci hashing: the top bits of the key times 2^64 / golden ratio; shift = 64 - log2(capacity). */
static inline uint64_t slot_of(uint64_t key, int shift) {
    return key * 0x9E3779B97F4A7C15ULL >> shift;
}

static int shift_for(uint64_t capacity) {
    int bits = 0;
    while (((uint64_t)1 << bits) < capacity)
        bits++;
    return 64 - bits;
}

static int get_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, int writable, const char *name) {
    if (PyObject_GetBuffer(obj, view, writable ? PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS : PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (view->itemsize != itemsize && !(view->itemsize == 1 && view->len % itemsize == 0)) {
        PyErr_Format(PyExc_TypeError, "%s: expected items of %zd bytes", name, itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Gets n buffers (sizes: bytes an item; writable: 1 where the function writes); on failure releases the
 * ones it got and returns -1 with the error set. */
static int get_buffers(PyObject **objs, Py_buffer *views, int n, const Py_ssize_t *sizes, const int *writable,
                       const char **names) {
    for (int i = 0; i < n; i++) {
        if (get_buffer(objs[i], &views[i], sizes[i], writable[i], names[i]) < 0) {
            for (int j = 0; j < i; j++)
                PyBuffer_Release(&views[j]);
            return -1;
        }
    }
    return 0;
}

static void release_buffers(Py_buffer *views, int n) {
    for (int i = 0; i < n; i++)
        PyBuffer_Release(&views[i]);
}

static PyObject *build_table(PyObject *self, PyObject *args) {
    PyObject *objs[3];
    if (!PyArg_ParseTuple(args, "OOO", &objs[0], &objs[1], &objs[2]))
        return NULL;
    static const Py_ssize_t sizes[3] = {8, 8, 8};
    static const int writable[3] = {0, 0, 1};
    static const char *names[3] = {"keys", "columns", "table"};
    Py_buffer views[3];
    if (get_buffers(objs, views, 3, sizes, writable, names) < 0)
        return NULL;
    Py_ssize_t n = views[0].len / 8, cap = views[2].len / 16;
    PyObject *result = NULL;
    if (cap < 2 * n || (cap & (cap - 1)) || views[1].len / 8 != n) {
        PyErr_SetString(PyExc_ValueError, "the table needs a power-of-two size of at least twice the keys");
    } else {
        const uint64_t *k = views[0].buf;
        const int64_t *c = views[1].buf;
        uint64_t *t = views[2].buf, mask = (uint64_t)cap - 1;
        int shift = shift_for((uint64_t)cap);
        for (Py_ssize_t i = 0; i < n; i++) {
            uint64_t slot = slot_of(k[i], shift);
            while (t[2 * slot] != EMPTY) /* equal keys each get their own slot */
                slot = (slot + 1) & mask;
            t[2 * slot] = k[i];
            t[2 * slot + 1] = (uint64_t)c[i];
        }
        result = Py_NewRef(Py_None);
    }
    release_buffers(views, 3);
    return result;
}

/* One block of columns: an analyzer's units per document, its vocabulary table and idf weights. */
typedef struct {
    const uint32_t *units;
    const int64_t *offsets;
    int n_min, n_max, sublinear, l2;
    uint64_t base, mask;
    int shift;
    const uint64_t *table;
    const double *idf;
    Py_ssize_t n_features, column_offset;
    int32_t *position; /* per feature: where its cell is in the current row, -1 when it has none */
} Block;

typedef struct {
    int64_t *indptr;
    int32_t *indices;
    float *data;
    Py_ssize_t capacity;
} Rows;

/* Sort cells (column << 32 | count) by column: least-significant-digit radix sort, 8 bits a pass, as many
 * passes as the largest column needs; spare holds as many cells. Faster than qsort for rows of a few
 * hundred cells. */
static void sort_cells(uint64_t *cells, uint64_t *spare, Py_ssize_t n, Py_ssize_t n_features) {
    uint64_t *from = cells, *to = spare;
    for (int shift = 32; shift < 64 && ((uint64_t)(n_features - 1) >> (shift - 32)) > 0; shift += 8) {
        Py_ssize_t count[257] = {0};
        for (Py_ssize_t i = 0; i < n; i++)
            count[((from[i] >> shift) & 0xFF) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (Py_ssize_t i = 0; i < n; i++)
            to[count[(from[i] >> shift) & 0xFF]++] = from[i];
        uint64_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != cells)
        memcpy(cells, from, sizeof(uint64_t) * (size_t)n);
}

/* One document: count its n-grams into cells (column << 32 | count), sort them, weight them. */
/* Appends one document's cells of one block to the rows; returns the new nnz, or -1 when out of room. */
static Py_ssize_t one_row(const Block *job, Py_ssize_t doc, const Rows *out, Py_ssize_t nnz, uint64_t *cells,
                          uint64_t *spare) {
    int32_t *position = job->position;
    const uint32_t *u = job->units + job->offsets[doc];
    Py_ssize_t length = (Py_ssize_t)(job->offsets[doc + 1] - job->offsets[doc]), n_cells = 0;
    for (Py_ssize_t start = 0; start < length; start++) {
        if (start + PREFETCH_AHEAD < length) { /* the table is larger than the cache: ask for slots early */
            uint64_t ahead = 0;
            for (int n = 1; n <= job->n_max && start + PREFETCH_AHEAD + n <= length; n++) {
                ahead = ahead * job->base + u[start + PREFETCH_AHEAD + n - 1];
                PREFETCH(job->table + 2 * slot_of(ahead, job->shift));
            }
        }
        uint64_t key = 0;
        for (int n = 1; n <= job->n_max && start + n <= length; n++) {
            uint32_t unit = u[start + n - 1];
            if (unit == 0)
                break; /* a token no term holds */
            key = key * job->base + unit;
            const uint64_t *entry = job->table + 2 * slot_of(key, job->shift);
            while (entry[0] != key && entry[0] != EMPTY)
                entry = job->table + 2 * (((uint64_t)(entry - job->table) / 2 + 1) & job->mask);
            if (entry[0] == EMPTY)
                break; /* no term starts with this n-gram: none longer from here either */
            uint64_t column = entry[1];
            if (column >= (uint64_t)job->n_features || n < job->n_min)
                continue; /* the start of longer terms only (EMPTY), or too short to count */
            if (position[column] >= 0) {
                cells[position[column]] += 1;
            } else {
                position[column] = (int32_t)n_cells;
                cells[n_cells++] = (column << 32) | 1u;
            }
        }
    }
    if (nnz + n_cells > out->capacity)
        return -1;
    sort_cells(cells, spare, n_cells, job->n_features);
    double squares = 0.0, *values = (double *)spare; /* spare is free again once the cells are sorted */
    for (Py_ssize_t c = 0; c < n_cells; c++) {
        int64_t column = (int64_t)(cells[c] >> 32);
        uint32_t count = (uint32_t)(cells[c] & 0xFFFFFFFFu);
        position[column] = -1;
        double tf = !job->sublinear ? (double)count : count == 1 ? 1.0 : 1.0 + log((double)count);
        values[c] = tf * job->idf[column];
        squares += values[c] * values[c];
        out->indices[nnz + c] = (int32_t)(column + job->column_offset);
    }
    /* scale in double, as scikit-learn does, then round once */
    double norm = job->l2 && squares > 0.0 ? sqrt(squares) : 1.0;
    for (Py_ssize_t c = 0; c < n_cells; c++)
        out->data[nnz + c] = (float)(norm == 1.0 ? values[c] : values[c] / norm);
    return nnz + n_cells;
}

static Py_ssize_t run_blocks(Block *blocks, int n_blocks, Py_ssize_t n_docs, const Rows *out) {
    Py_ssize_t most_cells = 1;
    int failed = 0;
    for (int b = 0; b < n_blocks; b++) {
        Block *block = &blocks[b];
        for (Py_ssize_t d = 0; d < n_docs; d++) {
            Py_ssize_t cells = (Py_ssize_t)(block->offsets[d + 1] - block->offsets[d]) * block->n_max + 1;
            most_cells = cells > most_cells ? cells : most_cells;
        }
        block->position = malloc(sizeof(int32_t) * (size_t)(block->n_features ? block->n_features : 1));
        failed = failed || !block->position;
        for (Py_ssize_t f = 0; !failed && f < block->n_features; f++)
            block->position[f] = -1;
    }
    uint64_t *cells = failed ? NULL : malloc(sizeof(uint64_t) * 2 * (size_t)most_cells);
    Py_ssize_t nnz = cells ? 0 : -2;
    out->indptr[0] = 0;
    for (Py_ssize_t d = 0; nnz >= 0 && d < n_docs; d++) {
        for (int b = 0; nnz >= 0 && b < n_blocks; b++)
            nnz = one_row(&blocks[b], d, out, nnz, cells, cells + most_cells);
        if (nnz >= 0)
            out->indptr[d + 1] = nnz;
    }
    for (int b = 0; b < n_blocks; b++)
        free(blocks[b].position);
    free(cells);
    return nnz;
}

#define MOST_BLOCKS 4

static PyObject *tfidf_rows(PyObject *self, PyObject *args) {
    PyObject *specs, *objs[3];
    if (!PyArg_ParseTuple(args, "O!OOO", &PyTuple_Type, &specs, &objs[0], &objs[1], &objs[2]))
        return NULL;
    int n_blocks = (int)PyTuple_GET_SIZE(specs);
    if (n_blocks < 1 || n_blocks > MOST_BLOCKS) {
        PyErr_SetString(PyExc_ValueError, "tfidf_rows takes one to four blocks");
        return NULL;
    }
    static const Py_ssize_t out_sizes[3] = {8, 4, 4};
    static const char *out_names[3] = {"indptr", "indices", "data"};
    static const Py_ssize_t block_sizes[4] = {4, 8, 8, 8};
    static const char *block_names[4] = {"units", "offsets", "table", "idf"};
    Py_buffer views[3 + 4 * MOST_BLOCKS];
    Block blocks[MOST_BLOCKS];
    int got = 0, ok = 1;
    for (; ok && got < 3; got++)
        ok = get_buffer(objs[got], &views[got], out_sizes[got], 1, out_names[got]) == 0;
    if (!ok)
        got--;
    Py_ssize_t n_docs = views[0].len / 8 - 1, column_offset = 0;
    for (int b = 0; ok && b < n_blocks; b++) {
        PyObject *arrays[4];
        Block *block = &blocks[b];
        unsigned long long base;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(specs, b), "OOiiKOOpp", &arrays[0], &arrays[1], &block->n_min,
                              &block->n_max, &base, &arrays[2], &arrays[3], &block->sublinear, &block->l2)) {
            ok = 0;
            break;
        }
        for (int i = 0; ok && i < 4; i++, got++)
            ok = get_buffer(arrays[i], &views[got], block_sizes[i], 0, block_names[i]) == 0;
        if (!ok) {
            got--;
            break;
        }
        Py_buffer *v = &views[got - 4];
        block->units = v[0].buf;
        block->offsets = v[1].buf;
        block->base = base;
        block->mask = (uint64_t)(v[2].len / 16) - 1;
        block->shift = shift_for((uint64_t)(v[2].len / 16));
        block->table = v[2].buf;
        block->idf = v[3].buf;
        block->n_features = v[3].len / 8;
        block->column_offset = column_offset;
        block->position = NULL;
        column_offset += block->n_features;
        if (v[1].len / 8 - 1 != n_docs || block->n_min < 1 || block->n_max < block->n_min ||
            (n_docs > 0 && block->offsets[n_docs] > v[0].len / 4) || column_offset >= INT32_MAX) {
            PyErr_SetString(PyExc_ValueError, "inconsistent sizes or n-gram range in tfidf_rows");
            ok = 0;
        }
    }
    PyObject *result = NULL;
    if (ok && n_docs >= 0) {
        Rows out = {.indptr = views[0].buf, .indices = views[1].buf, .data = views[2].buf,
                    .capacity = views[1].len / 4 < views[2].len / 4 ? views[1].len / 4 : views[2].len / 4};
        Py_ssize_t nnz;
        Py_BEGIN_ALLOW_THREADS
        nnz = run_blocks(blocks, n_blocks, n_docs, &out);
        Py_END_ALLOW_THREADS
        if (nnz == -2)
            PyErr_NoMemory();
        else if (nnz < 0)
            PyErr_SetString(PyExc_ValueError, "the output arrays are too small");
        else
            result = PyLong_FromSsize_t(nnz);
    } else if (ok) {
        PyErr_SetString(PyExc_ValueError, "indptr must hold one more entry than there are documents");
    }
    for (int i = 0; i < got; i++)
        PyBuffer_Release(&views[i]);
    return result;
}

/* What Python's str.isspace() holds true (Py_UNICODE_ISSPACE), the separators of str.split(). */
static inline int is_space(uint32_t c) {
    if (c < 128)
        return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

static inline uint64_t hash_units(const uint32_t *u, Py_ssize_t n) {
    uint64_t h = 0xCBF29CE484222325ULL; /* FNV-1a over 32-bit units */
    for (Py_ssize_t i = 0; i < n; i++)
        h = (h ^ u[i]) * 0x100000001B3ULL;
    return h == EMPTY ? 0 : h;
}

static PyObject *hash_tokens(PyObject *self, PyObject *args) {
    PyObject *objs[3];
    if (!PyArg_ParseTuple(args, "OOO", &objs[0], &objs[1], &objs[2]))
        return NULL;
    static const Py_ssize_t sizes[3] = {8, 4, 8};
    static const int writable[3] = {0, 0, 1};
    static const char *names[3] = {"token_offsets", "token_text", "hashes"};
    Py_buffer views[3];
    if (get_buffers(objs, views, 3, sizes, writable, names) < 0)
        return NULL;
    PyObject *result = NULL;
    const int64_t *offsets = views[0].buf;
    Py_ssize_t n = views[0].len / 8 - 1;
    if (n < 0 || views[2].len / 8 != n || (n > 0 && offsets[n] > views[1].len / 4)) {
        PyErr_SetString(PyExc_ValueError, "inconsistent sizes in hash_tokens");
    } else {
        uint64_t *hashes = views[2].buf;
        for (Py_ssize_t i = 0; i < n; i++)
            hashes[i] = hash_units((const uint32_t *)views[1].buf + offsets[i], (Py_ssize_t)(offsets[i + 1] - offsets[i]));
        Py_INCREF(Py_None);
        result = Py_None;
    }
    release_buffers(views, 3);
    return result;
}

static uint32_t id_of(const uint32_t *token, Py_ssize_t length, const uint64_t *table, int shift, uint64_t mask,
                      const int64_t *token_offsets, const uint32_t *token_text, Py_ssize_t n_tokens) {
    uint64_t h = hash_units(token, length), slot = slot_of(h, shift);
    while (table[2 * slot] != EMPTY) {
        if (table[2 * slot] == h && table[2 * slot + 1] < (uint64_t)n_tokens) {
            uint64_t id = table[2 * slot + 1];
            const uint32_t *known = token_text + token_offsets[id];
            if (token_offsets[id + 1] - token_offsets[id] == length &&
                memcmp(known, token, sizeof(uint32_t) * (size_t)length) == 0)
                return (uint32_t)id + 1;
        }
        slot = (slot + 1) & mask;
    }
    return 0;
}

static PyObject *token_ids(PyObject *self, PyObject *args) {
    PyObject *objs[7];
    if (!PyArg_ParseTuple(args, "OOOOOOO", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5], &objs[6]))
        return NULL;
    static const Py_ssize_t sizes[7] = {4, 8, 8, 8, 4, 4, 8};
    static const int writable[7] = {0, 0, 0, 0, 0, 1, 1};
    static const char *names[7] = {"text", "offsets", "table", "token_offsets", "token_text", "ids", "id_offsets"};
    Py_buffer views[7];
    if (get_buffers(objs, views, 7, sizes, writable, names) < 0)
        return NULL;
    PyObject *result = NULL;
    const uint32_t *text = views[0].buf, *token_text = views[4].buf;
    const int64_t *offsets = views[1].buf, *token_offsets = views[3].buf;
    const uint64_t *table = views[2].buf;
    uint32_t *ids = views[5].buf;
    int64_t *id_offsets = views[6].buf;
    Py_ssize_t n_docs = views[1].len / 8 - 1, cap = views[2].len / 16, n_tokens = views[3].len / 8 - 1;
    int ok = n_docs >= 0 && views[6].len / 8 == n_docs + 1 && cap >= 2 && !(cap & (cap - 1)) && n_tokens >= 0 &&
             (n_docs == 0 || offsets[n_docs] <= views[0].len / 4) && views[5].len >= views[0].len &&
             (n_tokens == 0 || token_offsets[n_tokens] <= views[4].len / 4);
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "inconsistent sizes in token_ids");
    } else {
        int shift = shift_for((uint64_t)cap);
        Py_ssize_t n_ids = 0;
        Py_BEGIN_ALLOW_THREADS
        id_offsets[0] = 0;
        for (Py_ssize_t d = 0; d < n_docs; d++) {
            Py_ssize_t i = (Py_ssize_t)offsets[d], end = (Py_ssize_t)offsets[d + 1];
            while (i < end) {
                while (i < end && is_space(text[i]))
                    i++;
                Py_ssize_t start = i;
                while (i < end && !is_space(text[i]))
                    i++;
                if (i > start)
                    ids[n_ids++] = id_of(text + start, i - start, table, shift, (uint64_t)cap - 1, token_offsets,
                                         token_text, n_tokens);
            }
            id_offsets[d + 1] = n_ids;
        }
        Py_END_ALLOW_THREADS
        Py_INCREF(Py_None);
        result = Py_None;
    }
    release_buffers(views, 7);
    return result;
}

/* str.isalnum() of the first character, or a character that [\w\u4e00-\u9fff] matches anywhere. */
static int has_word_char(PyObject *token) {
    int kind = PyUnicode_KIND(token);
    const void *data = PyUnicode_DATA(token);
    Py_ssize_t length = PyUnicode_GET_LENGTH(token);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISALNUM(c) || c == '_' || (c >= 0x4E00 && c <= 0x9FFF))
            return 1;
    }
    return 0;
}

static PyObject *content_words(PyObject *self, PyObject *args) {
    PyObject *tokens, *objs[3];
    if (!PyArg_ParseTuple(args, "O!OOO", &PyList_Type, &tokens, &objs[0], &objs[1], &objs[2]))
        return NULL;
    static const Py_ssize_t sizes[3] = {8, 8, 4};
    static const int writable[3] = {0, 0, 0};
    static const char *names[3] = {"table", "token_offsets", "token_text"};
    Py_buffer views[3];
    if (get_buffers(objs, views, 3, sizes, writable, names) < 0)
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t cap = views[0].len / 16, n_known = views[1].len / 8 - 1;
    const uint64_t *table = views[0].buf;
    int ok = cap >= 2 && !(cap & (cap - 1)) && n_known >= 0 &&
             (n_known == 0 || ((const int64_t *)views[1].buf)[n_known] <= views[2].len / 4);
    PyObject *kept = ok ? PyList_New(0) : NULL;
    if (!ok)
        PyErr_SetString(PyExc_ValueError, "inconsistent sizes in content_words");
    int shift = shift_for((uint64_t)cap), failed = !kept;
    Py_ssize_t room = 64;
    Py_UCS4 *units = failed ? NULL : PyMem_Malloc(sizeof(Py_UCS4) * (size_t)room); /* one token's code points */
    if (!failed && !units) {
        PyErr_NoMemory();
        failed = 1;
    }
    for (Py_ssize_t i = 0; !failed && i < PyList_GET_SIZE(tokens); i++) {
        PyObject *token = PyList_GET_ITEM(tokens, i);
        if (!PyUnicode_Check(token)) {
            PyErr_SetString(PyExc_TypeError, "tokens must be str");
            failed = 1;
            break;
        }
        if (!has_word_char(token))
            continue;
        Py_ssize_t length = PyUnicode_GET_LENGTH(token);
        if (length > room) {
            Py_UCS4 *larger = PyMem_Realloc(units, sizeof(Py_UCS4) * (size_t)length);
            if (!larger) {
                PyErr_NoMemory();
                failed = 1;
                break;
            }
            units = larger;
            room = length;
        }
        if (!PyUnicode_AsUCS4(token, units, room, 0))
            failed = 1;
        else if (!id_of(units, length, table, shift, (uint64_t)cap - 1, views[1].buf, views[2].buf, n_known))
            failed = PyList_Append(kept, token) < 0; /* not a stop word: a content word */
    }
    PyMem_Free(units);
    if (!failed) {
        PyObject *space = PyUnicode_FromString(" ");
        result = space ? PyUnicode_Join(space, kept) : NULL;
        Py_XDECREF(space);
    }
    Py_XDECREF(kept);
    release_buffers(views, 3);
    return result;
}

typedef struct {
    float value;
    int32_t column;
} Term;

/* Returns 0, or -1 when a column lies outside the weights. */
static int top_of_row(const int32_t *indices, const float *data, int32_t start, int32_t end, const float *weights,
                      Py_ssize_t n_columns, Py_ssize_t k, Term *best, int32_t *out) {
    Py_ssize_t kept = 0;
    float floor = 0.0f; /* a product below this cannot enter: 0 until k are kept, then the k-th best */
    for (int32_t e = start; e < end; e++) {
        int32_t column = indices[e];
        if (column < 0 || column >= n_columns)
            return -1;
        float value = data[e] * weights[column];
        if (value < floor || !(value > 0.0f)) /* the usual case, and one the branch predictor learns */
            continue;
        if (kept == k && (value == best[k - 1].value && column > best[k - 1].column))
            continue;
        Py_ssize_t at = kept < k ? kept++ : k - 1;
        while (at > 0 && (best[at - 1].value < value || (best[at - 1].value == value && best[at - 1].column > column))) {
            best[at] = best[at - 1];
            at--;
        }
        best[at].value = value;
        best[at].column = column;
        if (kept == k)
            floor = best[k - 1].value;
    }
    for (Py_ssize_t i = 0; i < k; i++)
        out[i] = i < kept ? best[i].column : -1;
    return 0;
}

static PyObject *top_terms(PyObject *self, PyObject *args) {
    PyObject *objs[7];
    Py_ssize_t n_columns, k;
    if (!PyArg_ParseTuple(args, "OOOOOOnnO", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5], &n_columns,
                          &k, &objs[6]))
        return NULL;
    static const Py_ssize_t sizes[7] = {4, 4, 4, 8, 8, 4, 4};
    static const int writable[7] = {0, 0, 0, 0, 0, 0, 1};
    static const char *names[7] = {"indptr", "indices", "data", "rows", "labels", "weights", "out"};
    Py_buffer views[7];
    if (get_buffers(objs, views, 7, sizes, writable, names) < 0)
        return NULL;
    PyObject *result = NULL;
    const int32_t *indptr = views[0].buf, *indices = views[1].buf;
    const float *data = views[2].buf, *weights = views[5].buf;
    const int64_t *rows = views[3].buf, *labels = views[4].buf;
    int32_t *out = views[6].buf;
    Py_ssize_t n_rows = views[0].len / 4 - 1, n_pairs = views[3].len / 8, nnz = views[1].len / 4;
    Py_ssize_t n_labels = 0;
    int ok = k > 0 && n_rows >= 0 && views[4].len / 8 == n_pairs && views[6].len / 4 == n_pairs * k &&
             views[2].len / 4 == nnz;
    for (Py_ssize_t p = 0; ok && p < n_pairs; p++)
        ok = rows[p] >= 0 && rows[p] < n_rows && labels[p] >= 0;
    for (Py_ssize_t p = 0; ok && p < n_pairs; p++)
        n_labels = labels[p] + 1 > n_labels ? labels[p] + 1 : n_labels;
    ok = ok && (n_pairs == 0 || (indptr[n_rows] <= nnz && n_labels * n_columns <= views[5].len / 4));
    Term *best = ok ? malloc(sizeof(Term) * (size_t)k) : NULL;
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "inconsistent sizes in top_terms");
    } else if (!best) {
        PyErr_NoMemory();
    } else {
        int failed = 0;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t p = 0; p < n_pairs && !failed; p++)
            failed = indptr[rows[p]] < 0 || indptr[rows[p]] > indptr[rows[p] + 1] || indptr[rows[p] + 1] > nnz ||
                     top_of_row(indices, data, indptr[rows[p]], indptr[rows[p] + 1], weights + labels[p] * n_columns,
                                n_columns, k, best, out + p * k);
        Py_END_ALLOW_THREADS
        free(best);
        if (failed) {
            PyErr_SetString(PyExc_ValueError, "a row or column lies outside the arrays given to top_terms");
        } else {
            Py_INCREF(Py_None);
            result = Py_None;
        }
    }
    release_buffers(views, 7);
    return result;
}

static PyObject *distinct_terms(PyObject *self, PyObject *args) {
    PyObject *columns_obj, *terms;
    Py_ssize_t k, n;
    if (!PyArg_ParseTuple(args, "OnO!n", &columns_obj, &k, &PyList_Type, &terms, &n))
        return NULL;
    Py_buffer view;
    if (get_buffer(columns_obj, &view, 4, 0, "columns") < 0)
        return NULL;
    Py_ssize_t n_pairs = k > 0 ? view.len / 4 / k : 0;
    const int32_t *columns = view.buf;
    PyObject *found = PyList_New(n_pairs);
    for (Py_ssize_t p = 0; found && p < n_pairs; p++) {
        PyObject *chosen = PyList_New(0);
        for (Py_ssize_t i = 0; chosen && i < k && PyList_GET_SIZE(chosen) < n; i++) {
            int32_t column = columns[p * k + i];
            if (column < 0)
                break;
            if (column >= PyList_GET_SIZE(terms)) {
                PyErr_SetString(PyExc_ValueError, "a column lies outside the terms");
                Py_CLEAR(chosen);
                break;
            }
            PyObject *term = PyList_GET_ITEM(terms, column);
            int overlaps = 0;
            for (Py_ssize_t j = 0; !overlaps && j < PyList_GET_SIZE(chosen); j++) {
                PyObject *taken = PyList_GET_ITEM(chosen, j);
                overlaps = PyUnicode_Contains(taken, term);
                if (!overlaps)
                    overlaps = PyUnicode_Contains(term, taken);
            }
            if (overlaps < 0 || (!overlaps && PyList_Append(chosen, term) < 0))
                Py_CLEAR(chosen);
        }
        if (!chosen)
            Py_CLEAR(found);
        else
            PyList_SET_ITEM(found, p, chosen);
    }
    PyBuffer_Release(&view);
    return found;
}

/* A code point str.lower() leaves as it is, decided without Python (others: the token is lowered in Python). */
static inline int lower_as_is(Py_UCS4 c) {
    if (c < 128)
        return c < 'A' || c > 'Z';
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xFF00 && c <= 0xFF20);
}

/* The code points of a token (lowered when lower is set) in *units (grown as needed); their count, or -1. */
static Py_ssize_t units_of(PyObject *token, int lower, Py_UCS4 **units, Py_ssize_t *room) {
    PyObject *text = token;
    Py_ssize_t length = PyUnicode_GET_LENGTH(token);
    if (lower) {
        int as_is = 1, kind = PyUnicode_KIND(token);
        const void *data = PyUnicode_DATA(token);
        for (Py_ssize_t i = 0; as_is && i < length; i++)
            as_is = lower_as_is(PyUnicode_READ(kind, data, i));
        if (!as_is && !(text = PyObject_CallMethod(token, "lower", NULL)))
            return -1;
        length = PyUnicode_GET_LENGTH(text);
    }
    if (length > *room) {
        Py_UCS4 *larger = PyMem_Realloc(*units, sizeof(Py_UCS4) * (size_t)length);
        if (!larger) {
            PyErr_NoMemory();
            length = -1;
        } else {
            *units = larger;
            *room = length;
        }
    }
    if (length > 0) {
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        for (Py_ssize_t i = 0; i < length; i++)
            (*units)[i] = PyUnicode_READ(kind, data, i);
    }
    if (text != token)
        Py_DECREF(text);
    return length;
}

typedef struct {
    const uint64_t *table;
    const int64_t *offsets;
    const uint32_t *text;
    Py_ssize_t n, cap;
    int shift;
} TokenTable;

static uint32_t lookup(const TokenTable *t, const Py_UCS4 *units, Py_ssize_t length) {
    return id_of(units, length, t->table, t->shift, (uint64_t)t->cap - 1, t->offsets, t->text, t->n);
}

static TokenTable token_table_of(Py_buffer *views) {
    TokenTable t = {views[0].buf, views[1].buf, views[2].buf, views[1].len / 8 - 1, views[0].len / 16, 0};
    t.shift = shift_for((uint64_t)t.cap);
    return t;
}

static int table_ok(const TokenTable *t, Py_buffer *views) {
    return t->cap >= 2 && !(t->cap & (t->cap - 1)) && t->n >= 0 && (t->n == 0 || t->offsets[t->n] <= views[2].len / 4);
}

/* One document's content words as ids (see content_word_ids); the new id count, or -1 with the error set. */
static Py_ssize_t document_ids(PyObject *tokens, const TokenTable *stops, const TokenTable *words, uint32_t *ids,
                               Py_ssize_t n_ids, Py_ssize_t cap, Py_UCS4 **units, Py_ssize_t *room) {
    if (!PyList_Check(tokens)) {
        PyErr_SetString(PyExc_TypeError, "token_lists must hold lists");
        return -1;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(tokens); k++) {
        PyObject *token = PyList_GET_ITEM(tokens, k);
        if (!PyUnicode_Check(token)) {
            PyErr_SetString(PyExc_TypeError, "tokens must be str");
            return -1;
        }
        if (!has_word_char(token))
            continue;
        Py_ssize_t length = units_of(token, 0, units, room);
        if (length < 0)
            return -1;
        if (lookup(stops, *units, length))
            continue; /* a stop word */
        if ((length = units_of(token, 1, units, room)) < 0)
            return -1;
        for (Py_ssize_t i = 0; i < length;) {
            while (i < length && is_space((*units)[i]))
                i++;
            Py_ssize_t start = i;
            while (i < length && !is_space((*units)[i]))
                i++;
            if (i == start)
                continue;
            if (n_ids >= cap) {
                PyErr_SetString(PyExc_ValueError, "ids is too small in content_word_ids");
                return -1;
            }
            ids[n_ids++] = lookup(words, *units + start, i - start);
        }
    }
    return n_ids;
}

static PyObject *content_word_ids(PyObject *self, PyObject *args) {
    PyObject *lists, *objs[8];
    if (!PyArg_ParseTuple(args, "O!OOOOOOOO", &PyList_Type, &lists, &objs[0], &objs[1], &objs[2], &objs[3], &objs[4],
                          &objs[5], &objs[6], &objs[7]))
        return NULL;
    static const Py_ssize_t sizes[8] = {8, 8, 4, 8, 8, 4, 4, 8};
    static const int writable[8] = {0, 0, 0, 0, 0, 0, 1, 1};
    static const char *names[8] = {"stop_table", "stop_offsets", "stop_text", "table", "token_offsets",
                                   "token_text", "ids", "id_offsets"};
    Py_buffer views[8];
    if (get_buffers(objs, views, 8, sizes, writable, names) < 0)
        return NULL;
    TokenTable stops = token_table_of(views), words = token_table_of(views + 3);
    Py_ssize_t n_docs = PyList_GET_SIZE(lists), cap = views[6].len / 4, n_ids = 0, room = 64;
    uint32_t *ids = views[6].buf;
    int64_t *id_offsets = views[7].buf;
    Py_UCS4 *units = NULL;
    int failed = 0;
    if (!table_ok(&stops, views) || !table_ok(&words, views + 3) || views[7].len / 8 != n_docs + 1) {
        PyErr_SetString(PyExc_ValueError, "inconsistent sizes in content_word_ids");
        failed = 1;
    } else if (!(units = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)room))) {
        PyErr_NoMemory();
        failed = 1;
    } else {
        id_offsets[0] = 0;
    }
    for (Py_ssize_t d = 0; !failed && d < n_docs; d++) {
        n_ids = document_ids(PyList_GET_ITEM(lists, d), &stops, &words, ids, n_ids, cap, &units, &room);
        failed = n_ids < 0;
        if (!failed)
            id_offsets[d + 1] = n_ids;
    }
    PyMem_Free(units);
    release_buffers(views, 8);
    if (failed)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"build_table", build_table, METH_VARARGS, "Fill an open-addressing hash table with vocabulary keys."},
    {"tfidf_rows", tfidf_rows, METH_VARARGS, "Count, weight and normalise the n-grams of a batch."},
    {"hash_tokens", hash_tokens, METH_VARARGS, "Hash every token of a vocabulary (for token_ids' table)."},
    {"token_ids", token_ids, METH_VARARGS, "Split documents on whitespace and look their tokens up."},
    {"content_words", content_words, METH_VARARGS, "A text's content words joined by spaces."},
    {"content_word_ids", content_word_ids, METH_VARARGS, "content_words then token_ids in one pass."},
    {"distinct_terms", distinct_terms, METH_VARARGS, "Each pair's terms, none inside another, at most n."},
    {"top_terms", top_terms, METH_VARARGS, "The columns of rows that add most to a label's score."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_speedups", "Compiled TF-IDF counting and evidence selection for textmine.", -1, methods,
};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
