/* example.c: evaluate a styrkort model from C and print what a vendor's
 * system would typically show: every goal with its status, and the
 * balance of one scorecard.
 *
 *   cc -std=c11 example.c $(pkg-config --cflags --libs styrkort) -o example
 *   ./example examples/exempelkommun.json 2025T2 utbn
 *
 * Every call returns a styrkort_status; on failure the styrkort_error says
 * what went wrong and where, and must be freed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "styrkort.h"

/* Reads a whole file into a new buffer; returns NULL on failure. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap);
  while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *bigger = realloc(buf, cap *= 2);
      if (bigger == NULL) free(buf);
      buf = bigger;
    }
  }
  fclose(f);
  *len = n;
  return buf;
}

/* Prints a failed call's error, frees it, and returns 1. */
static int fail(const char *what, styrkort_error *err) {
  fprintf(stderr, "%s failed (status %d): %s\n", what, (int)styrkort_error_code(err),
          styrkort_error_message(err));
  styrkort_error_free(err);
  return 1;
}

static const char *status_label(styrkort_fulfilment s) {
  switch (s) {
    case STYRKORT_FULFILMENT_FULFILLED: return "Uppfyllt";
    case STYRKORT_FULFILMENT_PARTLY_FULFILLED: return "Delvis uppfyllt";
    case STYRKORT_FULFILMENT_NOT_FULFILLED: return "Ej uppfyllt";
    case STYRKORT_FULFILMENT_NO_DATA: return "Data saknas";
    case STYRKORT_FULFILMENT_NOT_ASSESSED: return "Ej bedömt";
  }
  return "?";
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "examples/exempelkommun.json";
  const char *period = argc > 2 ? argv[2] : "2025T2";
  const char *org = argc > 3 ? argv[3] : "utbn";
  styrkort_error *err = NULL;
  int rc = 0;

  printf("styrkort %s (header %s)\n", styrkort_version(), STYRKORT_VERSION);

  size_t json_len = 0;
  char *json = slurp(path, &json_len);
  if (json == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }

  /* 1. Load the model. Strings in are pointer + length. */
  styrkort_model *model = NULL;
  if (styrkort_model_from_json(json, json_len, &model, &err) != STYRKORT_OK) {
    free(json);
    return fail("styrkort_model_from_json", err);
  }
  free(json);

  /* 2. Evaluate it for the period. */
  styrkort_evaluation *eval = NULL;
  if (styrkort_model_evaluate(model, period, strlen(period), &eval, &err) != STYRKORT_OK) {
    styrkort_model_free(model);
    return fail("styrkort_model_evaluate", err);
  }
  styrkort_model_free(model); /* the evaluation does not need the model */

  /* 3. Every goal with its status and score. */
  size_t count = 0;
  styrkort_evaluation_goal_count(eval, &count, NULL);
  printf("%zu goals in %s\n", count, period);
  for (size_t i = 0; i < count && rc == 0; i++) {
    char *id = NULL, *score = NULL;
    size_t id_len = 0;
    styrkort_fulfilment status;
    if (styrkort_evaluation_goal_id(eval, i, &id, &id_len, &err) != STYRKORT_OK ||
        styrkort_evaluation_goal_status(eval, id, id_len, &status, &err) != STYRKORT_OK ||
        styrkort_evaluation_goal_score(eval, id, id_len, &score, NULL, &err) != STYRKORT_OK) {
      rc = fail("reading a goal", err);
    } else {
      /* score is NULL when no item of the goal is assessed */
      printf("  %-12s %-16s %s\n", id, status_label(status), score ? score : "-");
    }
    styrkort_string_free(id);
    styrkort_string_free(score);
  }

  /* 4. The balance of one scorecard (styrkort). */
  styrkort_balance balance;
  char *evenness = NULL;
  if (rc == 0 &&
      (styrkort_evaluation_scorecard_balance(eval, org, strlen(org), &balance, &err) != STYRKORT_OK ||
       styrkort_evaluation_scorecard_evenness(eval, org, strlen(org), &evenness, NULL, &err) != STYRKORT_OK)) {
    rc = fail("reading the scorecard", err);
  } else if (rc == 0) {
    static const char *const names[STYRKORT_PERSPECTIVES] = {
        "Medborgare", "Samhälle & miljö", "Medarbetare", "Ekonomi"};
    printf("scorecard %s: %zu goals, evenness %s\n", org, balance.goals, evenness);
    for (int p = 0; p < STYRKORT_PERSPECTIVES; p++) {
      const styrkort_perspective_balance *b = &balance.perspectives[p];
      printf("  %-18s %zu goals: %zu fulfilled, %zu partly, %zu not, %zu no data\n", names[p],
             b->goals, b->fulfilled, b->partly_fulfilled, b->not_fulfilled, b->no_data);
    }
  }
  styrkort_string_free(evenness);

  /* 5. The whole evaluation as JSON, for systems that parse it. */
  char *doc = NULL;
  size_t doc_len = 0;
  if (rc == 0 && styrkort_evaluation_to_json(eval, &doc, &doc_len, &err) != STYRKORT_OK) {
    rc = fail("styrkort_evaluation_to_json", err);
  } else if (rc == 0) {
    printf("evaluation document: %zu bytes\n", doc_len);
  }
  styrkort_string_free(doc);

  styrkort_evaluation_free(eval);
  return rc;
}
