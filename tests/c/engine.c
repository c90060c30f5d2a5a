/* The incremental engine through the C ABI: every update is checked against
 * a full evaluation (styrkort_model_evaluate_json) of a model JSON that
 * already holds the same data, byte for byte, and against statuses worked
 * out by hand; then the failures.
 *
 * The model (MODEL below, period 2025, no partly_at: only warnings give a
 * partly band; rule all_some_none):
 *   kf (council) > bn (board) > enhet (unit)
 *   nmi   at kf, higher is better, target 62, warning 58
 *   sjuk  at bn, lower is better, consolidation mean, target 6, warning 7,
 *         tag arbetsmiljo
 *   kf-1  council goal at kf: [nmi, bn-1]
 *   bn-1  board goal at bn: [sjuk], contributes to kf-1, tag arbetsmiljo
 * Steps (status of nmi@kf, sjuk@bn, bn-1, kf-1):
 *   start  nmi 57, sjuk@enhet 8: 57 < 58 not; bn = mean(8) = 8 > 7 not;
 *          bn-1 not; kf-1 [not, not] -> not_fulfilled
 *   1  nmi 2025 := 63 (org NULL = owner kf): 63 >= 62 fulfilled;
 *          kf-1 [fulfilled, not] -> partly_fulfilled, score (1 + 0) / 2 = 0.5
 *   2  nmi 2024 := 61 (another period): statuses unchanged; the trend of
 *          nmi is now 63 against 61 -> improving
 *   3  sjuk@enhet 2025 := 5.5: 5.5 <= 6 fulfilled; bn = 5.5 fulfilled;
 *          bn-1 fulfilled; kf-1 [fulfilled, fulfilled] -> fulfilled, score 1
 *   4  kf-1 assessed not_fulfilled for 2025 -> final not_fulfilled, the
 *          computed status stays fulfilled
 *   5  the assessment removed (status 0) -> fulfilled again
 *   6  nmi 2025 removed (value NULL): no_data; kf-1 [bn-1 fulfilled] -> fulfilled
 *   7  sjuk@enhet 2025 := 7 (exactly the warning): partly; bn-1 partly;
 *          kf-1 [partly] -> partly_fulfilled */
#include "check.h"

#define S(lit) lit, sizeof(lit) - 1

static const char MODEL[] =
    "{\"format\": \"styrkort/1\",\n"
    " \"organisation\": [{\"id\": \"kf\", \"name\": \"KF\", \"kind\": \"council\"},\n"
    "   {\"id\": \"bn\", \"name\": \"BN\", \"kind\": \"board\", \"parent\": \"kf\"},\n"
    "   {\"id\": \"enhet\", \"name\": \"Enhet\", \"kind\": \"unit\", \"parent\": \"bn\"}],\n"
    " \"indicators\": [\n"
    "   {\"id\": \"nmi\", \"name\": \"NMI\", \"owner\": \"kf\",\n"
    "    \"targets\": [{\"period\": \"2025\", \"value\": \"62\", \"warning\": \"58\"}],\n"
    "    \"measurements\": [%s]},\n"
    "   {\"id\": \"sjuk\", \"name\": \"Sjukfrånvaro\", \"owner\": \"bn\",\n"
    "    \"direction\": \"lower_is_better\", \"consolidation\": \"mean\",\n"
    "    \"tags\": [\"arbetsmiljo\"],\n"
    "    \"targets\": [{\"period\": \"2025\", \"value\": \"6\", \"warning\": \"7\"}],\n"
    "    \"measurements\": [%s]}],\n"
    " \"goals\": [\n"
    "   {\"id\": \"kf-1\", \"title\": \"Nöjda invånare\", \"level\": \"council\",\n"
    "    \"perspective\": \"citizen\", \"owner\": \"kf\",\n"
    "    \"indicators\": [{\"indicator\": \"nmi\"}], \"assessments\": [%s]},\n"
    "   {\"id\": \"bn-1\", \"title\": \"Frisk personal\", \"level\": \"board\",\n"
    "    \"perspective\": \"employees\", \"owner\": \"bn\", \"tags\": [\"arbetsmiljo\"],\n"
    "    \"contributes_to\": [{\"goal\": \"kf-1\"}], \"indicators\": [{\"indicator\": \"sjuk\"}]}]}";

#define NMI_57 "{\"period\": \"2025\", \"value\": \"57\"}"
#define NMI_63 "{\"period\": \"2025\", \"value\": \"63\"}"
#define NMI_2024 "{\"period\": \"2024\", \"value\": \"61\"}"
#define SJUK_8 "{\"period\": \"2025\", \"org\": \"enhet\", \"value\": \"8\"}"
#define SJUK_55 "{\"period\": \"2025\", \"org\": \"enhet\", \"value\": \"5.5\"}"
#define SJUK_7 "{\"period\": \"2025\", \"org\": \"enhet\", \"value\": \"7\"}"
#define ASSESSED "{\"period\": \"2025\", \"status\": \"not_fulfilled\"}"

static styrkort_model *model_with(const char *nmi, const char *sjuk, const char *assessments) {
  char text[4096];
  int n = snprintf(text, sizeof text, MODEL, nmi, sjuk, assessments);
  styrkort_model *m = NULL;
  styrkort_error *err = NULL;
  if (n < 0 || (size_t)n >= sizeof text) abort();
  CHECK_STATUS(styrkort_model_from_json(text, (size_t)n, &m, &err), STYRKORT_OK, err);
  styrkort_error_free(err);
  return m;
}

/* The engine's document must equal the full evaluation of the model with
 * the same data (narrowed to `tag` when not NULL). */
static void same_as_model(int step, const styrkort_engine *engine, const char *nmi,
                          const char *sjuk, const char *assessments, const char *tag) {
  styrkort_model *m = model_with(nmi, sjuk, assessments);
  styrkort_error *err = NULL;
  char *got = NULL, *want = NULL;
  size_t got_len = 0, want_len = 0;
  char what[64];
  snprintf(what, sizeof what, "step %d%s%s", step, tag ? " tag " : "", tag ? tag : "");
  CHECK_STATUS(styrkort_engine_evaluation_json(engine, &got, &got_len, &err), STYRKORT_OK, err);
  if (tag == NULL) {
    CHECK_STATUS(styrkort_model_evaluate_json(m, S("2025"), &want, &want_len, &err), STYRKORT_OK,
                 err);
  } else {
    CHECK_STATUS(styrkort_model_evaluate_tagged_json(m, S("2025"), tag, strlen(tag), &want,
                                                     &want_len, &err),
                 STYRKORT_OK, err);
  }
  CHECK(got != NULL && strlen(got) == got_len);
  check_same(what, got, got_len, want, want_len);
  styrkort_string_free(got);
  styrkort_string_free(want);
  styrkort_error_free(err);
  styrkort_model_free(m);
}

/* Checks goal statuses (final) through a snapshot evaluation handle. */
static void goals_are(int step, const styrkort_engine *engine, styrkort_fulfilment kf1,
                      const char *kf1_score, styrkort_fulfilment bn1) {
  styrkort_evaluation *e = NULL;
  styrkort_error *err = NULL;
  styrkort_fulfilment st = (styrkort_fulfilment)0;
  char *score = NULL;
  CHECK_STATUS(styrkort_engine_evaluation(engine, &e, &err), STYRKORT_OK, err);
  if (e == NULL) return;
  CHECK_STATUS(styrkort_evaluation_goal_status(e, S("kf-1"), &st, &err), STYRKORT_OK, err);
  if (st != kf1) {
    fprintf(stderr, "step %d: kf-1 status %d, want %d\n", step, (int)st, (int)kf1);
    check_failures++;
  }
  CHECK_STATUS(styrkort_evaluation_goal_score(e, S("kf-1"), &score, NULL, &err), STYRKORT_OK, err);
  if (kf1_score == NULL) {
    CHECK(score == NULL);
  } else {
    CHECK_STR(score, kf1_score);
  }
  styrkort_string_free(score);
  CHECK_STATUS(styrkort_evaluation_goal_status(e, S("bn-1"), &st, &err), STYRKORT_OK, err);
  if (st != bn1) {
    fprintf(stderr, "step %d: bn-1 status %d, want %d\n", step, (int)st, (int)bn1);
    check_failures++;
  }
  styrkort_error_free(err);
  styrkort_evaluation_free(e);
}

static void set_ok(styrkort_engine *engine, const char *ind, const char *org, const char *period,
                   const char *value) {
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_engine_set_measurement(engine, ind, strlen(ind), org,
                                               org ? strlen(org) : 0, period, strlen(period),
                                               value, value ? strlen(value) : 0, &err),
               STYRKORT_OK, err);
  CHECK(err == NULL);
  styrkort_error_free(err);
}

static void updates(void) {
  styrkort_model *m = model_with(NMI_57, SJUK_8, "");
  styrkort_engine *engine = NULL, *tagged = NULL;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_engine_new(m, S("2025"), NULL, 0, &engine, &err), STYRKORT_OK, err);
  CHECK_STATUS(styrkort_engine_new(m, S("2025"), S("arbetsmiljo"), &tagged, &err), STYRKORT_OK,
               err);
  styrkort_model_free(m); /* the engines keep their own copy */
  if (engine == NULL || tagged == NULL) return;
  const styrkort_fulfilment F = STYRKORT_FULFILMENT_FULFILLED,
                            P = STYRKORT_FULFILMENT_PARTLY_FULFILLED,
                            N = STYRKORT_FULFILMENT_NOT_FULFILLED;

  same_as_model(0, engine, NMI_57, SJUK_8, "", NULL);
  goals_are(0, engine, N, "0", N);

  set_ok(engine, "nmi", NULL, "2025", "63");
  same_as_model(1, engine, NMI_63, SJUK_8, "", NULL);
  goals_are(1, engine, P, "0.5", N);

  /* a snapshot does not follow later updates */
  styrkort_evaluation *snapshot = NULL;
  CHECK_STATUS(styrkort_engine_evaluation(engine, &snapshot, &err), STYRKORT_OK, err);

  set_ok(engine, "nmi", "kf", "2024", "61");
  same_as_model(2, engine, NMI_2024 ", " NMI_63, SJUK_8, "", NULL);
  goals_are(2, engine, P, "0.5", N);
  {
    char *doc = NULL;
    CHECK_STATUS(styrkort_engine_evaluation_json(engine, &doc, NULL, &err), STYRKORT_OK, err);
    CHECK_CONTAINS(doc, "\"trend\": \"improving\"");
    styrkort_string_free(doc);
  }

  set_ok(engine, "sjuk", "enhet", "2025", "5.5");
  set_ok(tagged, "sjuk", "enhet", "2025", "5.5");
  same_as_model(3, engine, NMI_2024 ", " NMI_63, SJUK_55, "", NULL);
  same_as_model(3, tagged, NMI_57, SJUK_55, "", "arbetsmiljo");
  goals_are(3, engine, F, "1", F);

  CHECK_STATUS(styrkort_engine_set_assessment(engine, S("kf-1"), S("2025"),
                                              STYRKORT_FULFILMENT_NOT_FULFILLED, &err),
               STYRKORT_OK, err);
  same_as_model(4, engine, NMI_2024 ", " NMI_63, SJUK_55, ASSESSED, NULL);
  goals_are(4, engine, N, "1", F);

  CHECK_STATUS(styrkort_engine_set_assessment(engine, S("kf-1"), S("2025"), 0, &err), STYRKORT_OK,
               err);
  same_as_model(5, engine, NMI_2024 ", " NMI_63, SJUK_55, "", NULL);
  goals_are(5, engine, F, "1", F);
  /* removing what is not there is no error, and changes nothing */
  CHECK_STATUS(styrkort_engine_set_assessment(engine, S("kf-1"), S("2025"), 0, &err), STYRKORT_OK,
               err);
  set_ok(engine, "nmi", NULL, "2023", NULL);
  same_as_model(5, engine, NMI_2024 ", " NMI_63, SJUK_55, "", NULL);

  set_ok(engine, "nmi", NULL, "2025", NULL);
  same_as_model(6, engine, NMI_2024, SJUK_55, "", NULL);
  goals_are(6, engine, F, "1", F);

  set_ok(engine, "sjuk", "enhet", "2025", "7");
  same_as_model(7, engine, NMI_2024, SJUK_7, "", NULL);
  goals_are(7, engine, P, "0.5", P);

  /* the snapshot taken after step 1 is unchanged */
  {
    styrkort_fulfilment st = (styrkort_fulfilment)0;
    CHECK_STATUS(styrkort_evaluation_goal_status(snapshot, S("kf-1"), &st, &err), STYRKORT_OK,
                 err);
    CHECK(st == P);
    char *v = NULL;
    CHECK_STATUS(styrkort_evaluation_indicator_value(snapshot, S("nmi"), S("kf"), &v, NULL, &err),
                 STYRKORT_OK, err);
    CHECK_STR(v, "63");
    styrkort_string_free(v);
  }
  styrkort_engine_free(engine); /* the snapshot outlives the engine */
  styrkort_engine_free(tagged);
  size_t count = 0;
  CHECK_STATUS(styrkort_evaluation_goal_count(snapshot, &count, &err), STYRKORT_OK, err);
  CHECK(count == 2);
  styrkort_evaluation_free(snapshot);
  styrkort_error_free(err);
}

/* Checks a failed call: the status, the code, the message contains `needle`. */
static void failed(int line, styrkort_status got, styrkort_status want, styrkort_error *err,
                   const char *needle) {
  if (got != want || err == NULL || styrkort_error_code(err) != want ||
      strstr(styrkort_error_message(err), needle) == NULL) {
    fprintf(stderr, "engine.c:%d: status %d, want %d; message \"%s\" should contain \"%s\"\n",
            line, (int)got, (int)want, styrkort_error_message(err), needle);
    check_failures++;
  }
  styrkort_error_free(err);
}

#define FAILS(call, want, needle)             \
  do {                                        \
    styrkort_error *err = NULL;               \
    styrkort_status st_ = (call);             \
    failed(__LINE__, st_, want, err, needle); \
  } while (0)

static void failures(void) {
  styrkort_model *m = model_with(NMI_57, SJUK_8, "");
  styrkort_engine *engine = NULL, *none = (styrkort_engine *)1;
  styrkort_error *e0 = NULL;
  char *before = NULL, *after = NULL;
  CHECK_STATUS(styrkort_engine_new(m, S("2025"), NULL, 0, &engine, &e0), STYRKORT_OK, e0);
  if (engine == NULL) return;
  CHECK_STATUS(styrkort_engine_evaluation_json(engine, &before, NULL, &e0), STYRKORT_OK, e0);

  FAILS(styrkort_engine_new(m, S("2025T4"), NULL, 0, &none, &err), STYRKORT_PERIOD, "2025T4");
  CHECK(none == NULL);
  FAILS(styrkort_engine_set_measurement(engine, S("nope"), NULL, 0, S("2025"), S("1"), &err),
        STYRKORT_UNKNOWN_ID, "unknown indicator id \"nope\"");
  FAILS(styrkort_engine_set_measurement(engine, S("nmi"), S("nobody"), S("2025"), S("1"), &err),
        STYRKORT_UNKNOWN_ID, "unknown org id \"nobody\"");
  FAILS(styrkort_engine_set_measurement(engine, S("nmi"), NULL, 0, S("2025"), S("1,5"), &err),
        STYRKORT_INVALID_ARGUMENT, "argument `value`: \"1,5\" is not an exact decimal");
  FAILS(styrkort_engine_set_measurement(engine, S("nmi"), NULL, 0, S("2025"), S("abc"), &err),
        STYRKORT_INVALID_ARGUMENT, "\"abc\"");
  FAILS(styrkort_engine_set_measurement(engine, S("nmi"), NULL, 0, S("2025"), S(" 1"), &err),
        STYRKORT_INVALID_ARGUMENT, "argument `value`");
  FAILS(styrkort_engine_set_measurement(engine, S("nmi"), NULL, 0, S("2025"), S(""), &err),
        STYRKORT_INVALID_ARGUMENT, "argument `value`");
  FAILS(styrkort_engine_set_measurement(engine, S("nmi"), NULL, 0, S("2025-13"), S("1"), &err),
        STYRKORT_PERIOD, "2025-13");
  FAILS(styrkort_engine_set_assessment(engine, S("nope"), S("2025"), 1, &err),
        STYRKORT_UNKNOWN_ID, "unknown goal id \"nope\"");
  FAILS(styrkort_engine_set_assessment(engine, S("kf-1"), S("2025X"), 1, &err), STYRKORT_PERIOD,
        "2025X");
  FAILS(styrkort_engine_set_assessment(engine, S("kf-1"), S("2025"), 6, &err),
        STYRKORT_INVALID_ARGUMENT, "`status` is 6");
  FAILS(styrkort_engine_set_assessment(engine, S("kf-1"), S("2025"), 0xFFFFFFFFu, &err),
        STYRKORT_INVALID_ARGUMENT, "`status` is 4294967295");

  /* none of the failures changed the engine */
  CHECK_STATUS(styrkort_engine_evaluation_json(engine, &after, NULL, &e0), STYRKORT_OK, e0);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);

  /* an invalid model has no engine */
  {
    static const char INVALID[] =
        "{\"format\": \"styrkort/1\","
        " \"organisation\": [{\"id\": \"kf\", \"name\": \"KF\", \"kind\": \"council\"}],"
        " \"goals\": [{\"id\": \"kf-1\", \"title\": \"T\", \"level\": \"council\","
        "   \"perspective\": \"citizen\", \"owner\": \"nobody\"}]}";
    styrkort_model *bad = NULL;
    CHECK_STATUS(styrkort_model_from_json(S(INVALID), &bad, &e0), STYRKORT_OK, e0);
    none = (styrkort_engine *)1;
    FAILS(styrkort_engine_new(bad, S("2025"), NULL, 0, &none, &err), STYRKORT_INVALID_MODEL,
          "nobody");
    CHECK(none == NULL);
    styrkort_model_free(bad);
  }
  styrkort_string_free(before);
  styrkort_string_free(after);
  styrkort_engine_free(engine);
  styrkort_model_free(m);
}

int main(void) {
  updates();
  failures();
  return check_done("engine");
}
