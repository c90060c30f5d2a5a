/* Kolada through the C ABI: styrkort_model_apply_kolada_json under each
 * conflict policy on the hand-written fixtures, and
 * styrkort_model_evaluate_compared_json with a comparison group written here.
 *
 * Usage: kolada FIXTURES_DIR EXPECTED_DIR
 *   (tests/fixtures/kolada and tests/c/kolada)
 *
 * Worked by hand: data_page1.json applied to model.json
 *   row 1  N15428 0114 2024 T 74.1 K 78.3 M 70.2: matches `behorighet`
 *          (municipality 0114; `behorighet-skola-a` names an OU, so not it);
 *          the model has no 2024 measurement          -> added (old null)
 *   row 2  N15428 0114 2023 T 72.5 K 75.0 M 70.1: the model has 2023 = 72.0
 *          without women/men, which differs           -> kept / replaced / conflict
 *   row 3  U00408 0114 2024 T 58: `nmi` has 2024 = "58.0" without women/men;
 *          58.0 equals 58 and the row has no K or M   -> unchanged
 *   row 4  U00408 0115 2024 T null: no source names 0115 -> unmatched
 *   (the full reports are report-keep.json and report-replace.json)
 * data_page2.json: both live rows are for 0115 -> unmatched; the deleted
 *   row (U00408 0114 2023) is dropped, so it is in no list.
 * ou_data.json: N15428 at OU V15E011400101 -> added to `behorighet-skola-a`
 *   at its owner skola-a, 75.3 (K 81, M 69.5).
 * A row for a matched source without a total        -> missing.
 *
 * Comparison group (GROUP below), N15428, 2024, higher is better:
 *   members with a municipality code and a total: 0114 60, 0115 70,
 *   0117 50, 0120 90 (0125 is null, 0000 is the nation, the OU row is not a
 *   municipality, the 2023 row is another year); sorted 50 60 70 90, n = 4;
 *   type 7, h = (n - 1) p: Q1 h = 0.75 -> 50 + 0.75 * 10 = 57.5;
 *   median h = 1.5 -> 60 + 0.5 * 10 = 65; Q3 h = 2.25 -> 70 + 0.25 * 20 = 75;
 *   0114 = 60: two members are better (70, 90) -> rank 3; best 90, worst 50;
 *   60 < 75 and 60 > 57.5 -> in neither quartile.
 *   Reported for `behorighet` at its owner utbn only, in year periods only. */
#include "check.h"

#define S(lit) lit, sizeof(lit) - 1

static const char *fixtures;
static const char *expected_dir;

static char *read_in(const char *dir, const char *file, size_t *len) {
  size_t a = strlen(dir), b = strlen(file);
  char *path = malloc(a + b + 2);
  if (path == NULL) abort();
  memcpy(path, dir, a);
  path[a] = '/';
  memcpy(path + a + 1, file, b + 1);
  char *text = read_file(path, len);
  if (text == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    check_failures++;
  }
  free(path);
  return text;
}

static styrkort_model *load_model(void) {
  size_t len = 0;
  char *json = read_in(fixtures, "model.json", &len);
  styrkort_model *m = NULL;
  styrkort_error *err = NULL;
  if (json == NULL) return NULL;
  CHECK_STATUS(styrkort_model_from_json(json, len, &m, &err), STYRKORT_OK, err);
  styrkort_error_free(err);
  free(json);
  return m;
}

/* Applies a fixture file; returns the status, the report in *report. */
static styrkort_status apply_file(styrkort_model *m, const char *file, styrkort_conflict_policy p,
                                  char **report, size_t *report_len, styrkort_error **err) {
  size_t len = 0;
  char *json = read_in(fixtures, file, &len);
  if (json == NULL) return STYRKORT_OTHER;
  styrkort_status s = styrkort_model_apply_kolada_json(m, json, len, p, report, report_len, err);
  free(json);
  return s;
}

/* The value of an indicator at an org after evaluating `period` (NULL when none). */
static char *value_of(const styrkort_model *m, const char *period, const char *ind,
                      const char *org) {
  styrkort_evaluation *e = NULL;
  styrkort_error *err = NULL;
  char *v = NULL;
  CHECK_STATUS(styrkort_model_evaluate(m, period, strlen(period), &e, &err), STYRKORT_OK, err);
  CHECK_STATUS(styrkort_evaluation_indicator_value(e, ind, strlen(ind), org, strlen(org), &v,
                                                   NULL, &err),
               STYRKORT_OK, err);
  styrkort_error_free(err);
  styrkort_evaluation_free(e);
  return v;
}

static void check_report(const char *name, styrkort_conflict_policy policy) {
  styrkort_model *m = load_model();
  char *report = NULL, *want = NULL;
  size_t report_len = 99, want_len = 0;
  styrkort_error *err = NULL;
  if (m == NULL) return;
  CHECK_STATUS(apply_file(m, "data_page1.json", policy, &report, &report_len, &err), STYRKORT_OK,
               err);
  CHECK(err == NULL);
  want = read_in(expected_dir, name, &want_len);
  if (want != NULL && report != NULL) {
    want_len = trim_end(want, want_len);
    CHECK(strlen(report) == report_len);
    check_same(name, report, report_len, want, want_len);
  }
  /* the model changed: 2024 was added under either policy; 2023 kept or replaced */
  char *v2024 = value_of(m, "2024", "behorighet", "utbn");
  char *v2023 = value_of(m, "2023", "behorighet", "utbn");
  CHECK_STR(v2024, "74.1");
  CHECK_STR(v2023, policy == STYRKORT_CONFLICT_POLICY_KEEP ? "72" : "72.5");
  styrkort_string_free(v2024);
  styrkort_string_free(v2023);
  /* applying the same page again adds nothing: every figure is now in the model */
  styrkort_string_free(report);
  report = NULL;
  CHECK_STATUS(apply_file(m, "data_page1.json", policy, &report, NULL, &err), STYRKORT_OK, err);
  CHECK_CONTAINS(report, "\"added\": [],");
  CHECK_CONTAINS(report, "\"replaced\": [],");
  if (policy == STYRKORT_CONFLICT_POLICY_REPLACE) CHECK_CONTAINS(report, "\"kept\": [],");
  styrkort_string_free(report);
  free(want);
  styrkort_error_free(err);
  styrkort_model_free(m);
}

static void check_conflict(void) {
  styrkort_model *m = load_model();
  char *before = NULL, *after = NULL, *report = (char *)1;
  size_t report_len = 7;
  styrkort_error *err = NULL;
  if (m == NULL) return;
  CHECK_STATUS(styrkort_model_to_json(m, &before, NULL, &err), STYRKORT_OK, err);
  CHECK_STATUS(apply_file(m, "data_page1.json", STYRKORT_CONFLICT_POLICY_ERROR, &report,
                          &report_len, &err),
               STYRKORT_CONFLICT, err);
  CHECK(report == NULL && report_len == 0);
  CHECK(styrkort_error_code(err) == STYRKORT_CONFLICT);
  /* names the indicator, the org, the period and both figures */
  CHECK_STR(styrkort_error_message(err),
            "conflicting measurement of indicator \"behorighet\" at org \"utbn\" for 2023: "
            "the model has value 72 (women none, men none), Kolada (N15428 municipality 0114) "
            "has value 72.5 (women 75, men 70.1); choose the policy keep or replace");
  styrkort_error_free(err);
  err = NULL;
  /* atomic: row 1 (an addition before the conflict) was not written either */
  CHECK_STATUS(styrkort_model_to_json(m, &after, NULL, &err), STYRKORT_OK, err);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
  /* a page without a conflict applies under the policy error */
  styrkort_string_free(report);
  report = NULL;
  CHECK_STATUS(apply_file(m, "ou_data.json", STYRKORT_CONFLICT_POLICY_ERROR, &report, NULL, &err),
               STYRKORT_OK, err);
  CHECK_CONTAINS(report, "\"policy\": \"error\"");
  CHECK_CONTAINS(report,
                 "  \"added\": [\n"
                 "    {\n"
                 "      \"indicator\": \"behorighet-skola-a\",\n"
                 "      \"org\": \"skola-a\",\n"
                 "      \"period\": \"2024\",\n"
                 "      \"kpi\": \"N15428\",\n"
                 "      \"place\": {\n"
                 "        \"ou\": \"V15E011400101\"\n"
                 "      },\n"
                 "      \"old\": null,\n"
                 "      \"new\": {\n"
                 "        \"value\": \"75.3\",\n"
                 "        \"women\": \"81\",\n"
                 "        \"men\": \"69.5\"\n"
                 "      }\n"
                 "    }\n"
                 "  ],\n");
  CHECK_CONTAINS(report, "\"unmatched\": []");
  char *v = value_of(m, "2024", "behorighet-skola-a", "skola-a");
  CHECK_STR(v, "75.3");
  styrkort_string_free(v);
  styrkort_string_free(report);
  report = NULL;

  /* page 2: both live rows are for 0115 (no source) -> unmatched, in row
   * order; the deleted row is dropped; nothing else */
  CHECK_STATUS(apply_file(m, "data_page2.json", STYRKORT_CONFLICT_POLICY_ERROR, &report, NULL,
                          &err),
               STYRKORT_OK, err);
  CHECK_CONTAINS(report,
                 "  \"added\": [],\n"
                 "  \"replaced\": [],\n"
                 "  \"kept\": [],\n"
                 "  \"unchanged\": [],\n"
                 "  \"missing\": [],\n"
                 "  \"unmatched\": [\n"
                 "    {\n"
                 "      \"kpi\": \"N15428\",\n"
                 "      \"place\": {\n"
                 "        \"municipality\": \"0115\"\n"
                 "      },\n"
                 "      \"period\": \"2024\"\n"
                 "    },\n"
                 "    {\n"
                 "      \"kpi\": \"N15428\",\n"
                 "      \"place\": {\n"
                 "        \"municipality\": \"0115\"\n"
                 "      },\n"
                 "      \"period\": \"2023\"\n"
                 "    }\n"
                 "  ]\n}");
  styrkort_string_free(report);
  report = NULL;

  /* a matched row without a total -> missing; nothing written */
  static const char MISSING[] =
      "[{\"kpi\": \"U00408\", \"municipality\": \"0114\", \"period\": 2025,"
      "  \"values\": [{\"gender\": \"T\", \"value\": null, \"status\": \"Saknas\"}]}]";
  CHECK_STATUS(styrkort_model_apply_kolada_json(m, S(MISSING), STYRKORT_CONFLICT_POLICY_KEEP,
                                                &report, NULL, &err),
               STYRKORT_OK, err);
  CHECK_CONTAINS(report,
                 "  \"missing\": [\n"
                 "    {\n"
                 "      \"indicator\": \"nmi\",\n"
                 "      \"org\": \"kf\",\n"
                 "      \"period\": \"2025\",\n"
                 "      \"kpi\": \"U00408\",\n"
                 "      \"place\": {\n"
                 "        \"municipality\": \"0114\"\n"
                 "      },\n"
                 "      \"old\": null,\n"
                 "      \"new\": null\n"
                 "    }\n"
                 "  ],\n");
  CHECK_CONTAINS(report, "\"added\": [],");
  styrkort_string_free(report);
  report = NULL;

  /* malformed page: STYRKORT_JSON with the row's path; the model is unchanged */
  styrkort_string_free(before);
  styrkort_string_free(after);
  before = after = NULL;
  CHECK_STATUS(styrkort_model_to_json(m, &before, NULL, &err), STYRKORT_OK, err);
  CHECK_STATUS(apply_file(m, "malformed_row.json", STYRKORT_CONFLICT_POLICY_REPLACE, &report,
                          NULL, &err),
               STYRKORT_JSON, err);
  CHECK_CONTAINS(styrkort_error_message(err), "values[1].values[0].value");
  CHECK(report == NULL);
  styrkort_error_free(err);
  err = NULL;
  /* an unknown policy */
  CHECK_STATUS(apply_file(m, "data_page1.json", 3, &report, NULL, &err),
               STYRKORT_INVALID_ARGUMENT, err);
  CHECK_CONTAINS(styrkort_error_message(err), "`policy` is 3");
  styrkort_error_free(err);
  err = NULL;
  CHECK_STATUS(styrkort_model_to_json(m, &after, NULL, &err), STYRKORT_OK, err);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
  styrkort_string_free(before);
  styrkort_string_free(after);
  styrkort_model_free(m);
}

static const char GROUP[] =
    "{\"count\": 8, \"next_url\": null, \"values\": ["
    " {\"kpi\": \"N15428\", \"municipality\": \"0114\", \"period\": 2024,"
    "  \"values\": [{\"gender\": \"T\", \"value\": 60}]},"
    " {\"kpi\": \"N15428\", \"municipality\": \"0115\", \"period\": 2024,"
    "  \"values\": [{\"gender\": \"T\", \"value\": 70.0}]},"
    " {\"kpi\": \"N15428\", \"municipality\": \"0117\", \"period\": \"2024\","
    "  \"values\": [{\"gender\": \"T\", \"value\": 50}]},"
    " {\"kpi\": \"N15428\", \"municipality\": \"0120\", \"period\": 2024,"
    "  \"values\": [{\"gender\": \"T\", \"value\": 90}, {\"gender\": \"K\", \"value\": 1}]},"
    " {\"kpi\": \"N15428\", \"municipality\": \"0125\", \"period\": 2024,"
    "  \"values\": [{\"gender\": \"T\", \"value\": null}]},"
    " {\"kpi\": \"N15428\", \"municipality\": \"0000\", \"period\": 2024,"
    "  \"values\": [{\"gender\": \"T\", \"value\": 99}]},"
    " {\"kpi\": \"N15428\", \"ou\": \"V15E011400101\", \"period\": 2024,"
    "  \"values\": [{\"gender\": \"T\", \"value\": 10}]},"
    " {\"kpi\": \"N15428\", \"municipality\": \"0114\", \"period\": 2023,"
    "  \"values\": [{\"gender\": \"T\", \"value\": 1}]}]}";

static size_t count_of(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay ? strstr(hay, needle) : NULL; p; p = strstr(p + 1, needle)) n++;
  return n;
}

static void check_comparison(void) {
  styrkort_model *m = load_model();
  styrkort_error *err = NULL;
  char *out = NULL, *plain = NULL;
  size_t out_len = 0, plain_len = 0;
  if (m == NULL) return;
  CHECK_STATUS(styrkort_model_evaluate_compared_json(m, S("2024"), NULL, 0, S(GROUP), &out,
                                                     &out_len, &err),
               STYRKORT_OK, err);
  CHECK(out != NULL && strlen(out) == out_len);
  CHECK_CONTAINS(out,
                 "      \"comparison\": {\n"
                 "        \"municipality\": \"0114\",\n"
                 "        \"value\": \"60\",\n"
                 "        \"direction\": \"higher_is_better\",\n"
                 "        \"rank\": 3,\n"
                 "        \"group_size\": 4,\n"
                 "        \"lower_quartile\": \"57.5\",\n"
                 "        \"median\": \"65\",\n"
                 "        \"upper_quartile\": \"75\",\n"
                 "        \"best\": \"90\",\n"
                 "        \"worst\": \"50\",\n"
                 "        \"best_quartile\": false,\n"
                 "        \"worst_quartile\": false\n"
                 "      }");
  /* only behorighet at utbn has one (nmi has no group data) */
  CHECK(count_of(out, "\"rank\":") == 1);
  CHECK_CONTAINS(out, "\"indicator\": \"behorighet\",\n      \"org\": \"utbn\"");
  styrkort_string_free(out);
  out = NULL;

  /* no comparison outside year periods, nor with an empty group: then the
   * document is byte for byte the plain evaluation */
  static const char *const periods[] = {"2024T2", "2024"};
  static const char *const groups[] = {GROUP, "{\"values\": []}"};
  for (int i = 0; i < 2; i++) {
    const char *p = periods[i];
    CHECK_STATUS(styrkort_model_evaluate_compared_json(m, p, strlen(p), NULL, 99, groups[i],
                                                       strlen(groups[i]), &out, &out_len, &err),
                 STYRKORT_OK, err);
    CHECK_STATUS(styrkort_model_evaluate_json(m, p, strlen(p), &plain, &plain_len, &err),
                 STYRKORT_OK, err);
    check_same("compared vs plain", out, out_len, plain, plain_len);
    CHECK(count_of(out, "\"rank\":") == 0);
    styrkort_string_free(out);
    styrkort_string_free(plain);
    out = plain = NULL;
  }
  /* with a tag: the same as the tagged evaluation when nothing is compared,
   * and narrowed (no goal or indicator carries "environment") */
  CHECK_STATUS(styrkort_model_evaluate_compared_json(m, S("2024"), S("environment"),
                                                     S("{\"values\": []}"), &out, &out_len, &err),
               STYRKORT_OK, err);
  CHECK_STATUS(styrkort_model_evaluate_tagged_json(m, S("2024"), S("environment"), &plain,
                                                   &plain_len, &err),
               STYRKORT_OK, err);
  check_same("compared+tag vs tagged", out, out_len, plain, plain_len);
  CHECK_CONTAINS(out, "\"tag\": \"environment\"");
  CHECK_CONTAINS(out, "\"indicators\": []");
  styrkort_string_free(out);
  styrkort_string_free(plain);
  out = plain = NULL;

  /* failures */
  CHECK_STATUS(styrkort_model_evaluate_compared_json(m, S("2024"), NULL, 0, S("{\"values\": 1}"),
                                                     &out, &out_len, &err),
               STYRKORT_JSON, err);
  CHECK(out == NULL && out_len == 0);
  styrkort_error_free(err);
  CHECK_STATUS(styrkort_model_evaluate_compared_json(m, S("2024T5"), NULL, 0, S(GROUP), &out,
                                                     NULL, &err),
               STYRKORT_PERIOD, err);
  CHECK_CONTAINS(styrkort_error_message(err), "2024T5");
  styrkort_error_free(err);
  styrkort_model_free(m);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: kolada FIXTURES_DIR EXPECTED_DIR\n");
    return 2;
  }
  fixtures = argv[1];
  expected_dir = argv[2];
  check_report("report-keep.json", STYRKORT_CONFLICT_POLICY_KEEP);
  check_report("report-replace.json", STYRKORT_CONFLICT_POLICY_REPLACE);
  check_conflict();
  check_comparison();
  return check_done("kolada");
}
