/* Runs conformance vectors through the C ABI and compares byte for byte.
 *
 * Usage: conformance DIR...   (each DIR is a tests/vectors/NAME directory)
 *
 * A vector holds model.json, period.txt and expected.json (the evaluation
 * document followed by exactly one "\n"); optionally tag.txt (narrow to a
 * tag), comparison.json (a Kolada page: evaluated with
 * styrkort_model_evaluate_compared_json) and dialogue.txt ("UPPER LOWER") with expected-dialogue.json,
 * and whatif.txt ("GOAL WANTED") with expected-whatif.json. Each
 * vector is run through styrkort_model_evaluate_json (or the tagged one)
 * and through an evaluation handle + styrkort_evaluation_to_json; both
 * must give exactly the expected text. The what-if is asked of the handle
 * (made with styrkort_model_evaluate_compared when there is comparison data). */
#include "check.h"

static char *join(const char *dir, const char *file) {
  size_t a = strlen(dir), b = strlen(file);
  char *p = malloc(a + b + 2);
  if (p == NULL) abort();
  memcpy(p, dir, a);
  size_t n = a;
  if (n > 0 && p[n - 1] != '/') p[n++] = '/';
  memcpy(p + n, file, b + 1);
  return p;
}

static char *read_in(const char *dir, const char *file, size_t *len) {
  char *path = join(dir, file);
  char *text = read_file(path, len);
  free(path);
  return text;
}

/* Compares output with an expected file's text minus one trailing "\n". */
static int same(const char *what, const char *dir, const char *got,
                size_t got_len, char *want, size_t want_len) {
  if (want_len > 0 && want[want_len - 1] == '\n') want[--want_len] = '\0';
  if (got_len == want_len && memcmp(got, want, got_len) == 0) return 1;
  size_t i = 0, line = 1;
  while (i < got_len && i < want_len && got[i] == want[i]) {
    if (got[i] == '\n') line++;
    i++;
  }
  fprintf(stderr, "%s: %s differs at byte %zu (line %zu; got %zu bytes, want %zu)\n",
          dir, what, i, line, got_len, want_len);
  size_t from = i > 60 ? i - 60 : 0;
  fprintf(stderr, "  got:  ...%.*s...\n", (int)((got_len - from) < 120 ? (got_len - from) : 120), got + from);
  fprintf(stderr, "  want: ...%.*s...\n", (int)((want_len - from) < 120 ? (want_len - from) : 120), want + from);
  return 0;
}

static int run_vector(const char *dir) {
  int ok = 1;
  size_t model_len = 0, period_len = 0, expected_len = 0, tag_len = 0;
  char *model_json = read_in(dir, "model.json", &model_len);
  char *period = read_in(dir, "period.txt", &period_len);
  char *expected = read_in(dir, "expected.json", &expected_len);
  char *tag = read_in(dir, "tag.txt", &tag_len);
  size_t comparison_len = 0;
  char *comparison = read_in(dir, "comparison.json", &comparison_len);
  char *dialogue = read_in(dir, "dialogue.txt", NULL);
  char *whatif = read_in(dir, "whatif.txt", NULL);
  styrkort_model *model = NULL;
  styrkort_evaluation *eval = NULL;
  styrkort_error *err = NULL;
  char *out = NULL;
  size_t out_len = 0;

  if (model_json == NULL || period == NULL || expected == NULL) {
    fprintf(stderr, "%s: model.json, period.txt or expected.json missing\n", dir);
    ok = 0;
    goto done;
  }
  period_len = trim_end(period, period_len);
  if (tag != NULL) tag_len = trim_end(tag, tag_len);

  styrkort_status s = styrkort_model_from_json(model_json, model_len, &model, &err);
  if (s != STYRKORT_OK) {
    fprintf(stderr, "%s: model_from_json: %d %s\n", dir, (int)s, styrkort_error_message(err));
    ok = 0;
    goto done;
  }

  /* 1. straight to JSON */
  if (comparison != NULL) {
    s = styrkort_model_evaluate_compared_json(model, period, period_len, tag, tag_len,
                                              comparison, comparison_len, &out, &out_len, &err);
  } else if (tag != NULL) {
    s = styrkort_model_evaluate_tagged_json(model, period, period_len, tag, tag_len,
                                            &out, &out_len, &err);
  } else {
    s = styrkort_model_evaluate_json(model, period, period_len, &out, &out_len, &err);
  }
  if (s != STYRKORT_OK) {
    fprintf(stderr, "%s: evaluate_json: %d %s\n", dir, (int)s, styrkort_error_message(err));
    ok = 0;
    goto done;
  }
  if (strlen(out) != out_len) {
    fprintf(stderr, "%s: out_len %zu but strlen %zu\n", dir, out_len, strlen(out));
    ok = 0;
  }
  ok &= same("evaluation (evaluate_json)", dir, out, out_len, expected, expected_len);
  styrkort_string_free(out);
  out = NULL;

  /* With comparison data the handle serves the what-if only: the JSON above is the check. */
  if (comparison != NULL) {
    if (whatif == NULL) goto done;
    s = styrkort_model_evaluate_compared(model, period, period_len, tag, tag_len, comparison,
                                         comparison_len, &eval, &err);
    if (s != STYRKORT_OK) {
      fprintf(stderr, "%s: evaluate_compared: %d %s\n", dir, (int)s, styrkort_error_message(err));
      ok = 0;
      goto done;
    }
    goto what_if;
  }

  /* 2. through an evaluation handle */
  if (tag != NULL) {
    s = styrkort_model_evaluate_tagged(model, period, period_len, tag, tag_len, &eval, &err);
  } else {
    s = styrkort_model_evaluate(model, period, period_len, &eval, &err);
  }
  if (s != STYRKORT_OK) {
    fprintf(stderr, "%s: evaluate: %d %s\n", dir, (int)s, styrkort_error_message(err));
    ok = 0;
    goto done;
  }
  s = styrkort_evaluation_to_json(eval, &out, &out_len, &err);
  if (s != STYRKORT_OK) {
    fprintf(stderr, "%s: evaluation_to_json: %d %s\n", dir, (int)s, styrkort_error_message(err));
    ok = 0;
    goto done;
  }
  /* `expected` has lost its trailing newline already: compare as is. */
  ok &= same("evaluation (handle)", dir, out, out_len, expected, strlen(expected));
  styrkort_string_free(out);
  out = NULL;

  /* 3. the dialogue brief */
  if (dialogue != NULL) {
    char upper[256], lower[256];
    size_t want_len = 0;
    char *want = read_in(dir, "expected-dialogue.json", &want_len);
    if (want == NULL || sscanf(dialogue, "%255s %255s", upper, lower) != 2) {
      fprintf(stderr, "%s: dialogue.txt needs \"UPPER LOWER\" and expected-dialogue.json\n", dir);
      ok = 0;
    } else {
      s = styrkort_evaluation_dialogue_json(eval, upper, strlen(upper), lower, strlen(lower),
                                            &out, &out_len, &err);
      if (s != STYRKORT_OK) {
        fprintf(stderr, "%s: dialogue_json: %d %s\n", dir, (int)s, styrkort_error_message(err));
        ok = 0;
      } else {
        ok &= same("dialogue", dir, out, out_len, want, want_len);
      }
      styrkort_string_free(out);
      out = NULL;
    }
    free(want);
  }

what_if:
  /* 4. what-if */
  if (whatif != NULL) {
    char goal[256], wanted[256];
    size_t want_len = 0;
    char *want = read_in(dir, "expected-whatif.json", &want_len);
    if (want == NULL || sscanf(whatif, "%255s %255s", goal, wanted) != 2) {
      fprintf(stderr, "%s: whatif.txt needs \"GOAL WANTED\" and expected-whatif.json\n", dir);
      ok = 0;
    } else {
      s = styrkort_evaluation_what_if_json(eval, goal, strlen(goal), wanted, strlen(wanted),
                                           &out, &out_len, &err);
      if (s != STYRKORT_OK) {
        fprintf(stderr, "%s: what_if_json: %d %s\n", dir, (int)s, styrkort_error_message(err));
        ok = 0;
      } else {
        ok &= same("what-if", dir, out, out_len, want, want_len);
      }
      styrkort_string_free(out);
      out = NULL;
    }
    free(want);
  }

done:
  styrkort_string_free(out);
  styrkort_error_free(err);
  styrkort_evaluation_free(eval);
  styrkort_model_free(model);
  free(model_json);
  free(period);
  free(expected);
  free(tag);
  free(comparison);
  free(dialogue);
  free(whatif);
  return ok;
}

int main(int argc, char **argv) {
  int failed = 0;
  for (int i = 1; i < argc; i++) {
    if (run_vector(argv[i])) {
      printf("ok   %s\n", argv[i]);
    } else {
      printf("FAIL %s\n", argv[i]);
      failed++;
    }
  }
  printf("conformance: %d vector(s), %d failed\n", argc - 1, failed);
  check_failures += failed;
  return check_done("conformance");
}
