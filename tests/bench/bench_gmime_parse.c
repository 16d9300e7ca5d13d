/* SPDX-License-Identifier: GPL-3.0-or-later
 * The GMime 3 side of bench_mime_parse: the same work on the same files. Every message is
 * parsed from memory, its subject, From/To/Cc (formatted, so decoded) and date are read, and
 * every part is decoded: text parts to UTF-8, other parts out of their transfer encoding.
 *
 *   bench_gmime_parse DIR      prints "gmime: S s, X MB/s, Y messages/s (best of 3)"
 */
#include <gmime/gmime.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *data;
    size_t size;
} File;

static long long touched;

static void decode_part(GMimeObject *parent, GMimeObject *part, gpointer unused)
{
    (void)parent;
    (void)unused;
    if (GMIME_IS_MESSAGE_PART(part)) {
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
        if (inner)
            g_mime_message_foreach(inner, decode_part, NULL);
        return;
    }
    if (GMIME_IS_TEXT_PART(part)) {
        char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
        if (text) {
            touched += (long long)strlen(text);
            g_free(text);
        }
        return;
    }
    if (GMIME_IS_PART(part)) {
        GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(part));
        if (content) {
            GMimeStream *sink = g_mime_stream_mem_new();
            touched += g_mime_data_wrapper_write_to_stream(content, sink);
            g_object_unref(sink);
        }
    }
}

static void parse_one(const File *file)
{
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(file->data, file->size);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *message = g_mime_parser_construct_message(parser, NULL);
    if (message) {
        const char *subject = g_mime_message_get_subject(message);
        touched += subject ? (long long)strlen(subject) : 0;
        InternetAddressList *lists[3] = { g_mime_message_get_from(message), g_mime_message_get_to(message),
                                          g_mime_message_get_cc(message) };
        for (int i = 0; i < 3; ++i) {
            char *text = internet_address_list_to_string(lists[i], NULL, FALSE);
            touched += text ? (long long)strlen(text) : 0;
            g_free(text);
        }
        touched += g_mime_message_get_date(message) ? 1 : 0;
        g_mime_message_foreach(message, decode_part, NULL);
        g_object_unref(message);
    }
    g_object_unref(parser);
    g_object_unref(stream);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    g_mime_init();
    DIR *dir = opendir(argv[1]);
    if (!dir) {
        perror(argv[1]);
        return 1;
    }
    char **names = NULL;
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (strstr(entry->d_name, ".eml")) {
            names = realloc(names, (count + 1) * sizeof *names);
            names[count++] = g_strdup_printf("%s/%s", argv[1], entry->d_name);
        }
    }
    closedir(dir);
    qsort(names, count, sizeof *names, by_name);

    File *files = calloc(count, sizeof *files);
    double bytes = 0;
    for (size_t i = 0; i < count; ++i) {
        gsize size = 0;
        if (!g_file_get_contents(names[i], &files[i].data, &size, NULL)) {
            fprintf(stderr, "cannot read %s\n", names[i]);
            return 1;
        }
        files[i].size = size;
        bytes += (double)size;
    }

    double best = 1e30;
    for (int run = 0; run < 3; ++run) {
        gint64 start = g_get_monotonic_time();
        for (size_t i = 0; i < count; ++i)
            parse_one(&files[i]);
        double seconds = (double)(g_get_monotonic_time() - start) / 1e6;
        if (seconds < best)
            best = seconds;
    }
    printf("gmime: %.3f s, %.1f MB/s, %.0f messages/s (best of 3; checksum %lld)\n", best,
           bytes / 1e6 / best, (double)count / best, touched % 1000);
    for (size_t i = 0; i < count; ++i) {
        g_free(files[i].data);
        g_free(names[i]);
    }
    free(files);
    free(names);
    g_mime_shutdown();
    return 0;
}
