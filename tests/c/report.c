/* The HTML report through the C ABI: a whole self-contained document from a
 * model and its evaluation, in Swedish and English, with model text escaped
 * (a goal titled <script>alert(1)</script>), the same bytes twice, and the
 * errors (NULL arguments, an unknown language). */
#include "check.h"

#define S(lit) lit, sizeof(lit) - 1

static const char MODEL[] =
    "{\"format\": \"styrkort/1\","
    " \"organisation\": [{\"id\": \"kf\", \"name\": \"KF\", \"kind\": \"council\"}],"
    " \"indicators\": [{\"id\": \"nmi\", \"name\": \"NMI\", \"owner\": \"kf\","
    "   \"targets\": [{\"period\": \"2025\", \"value\": \"62\"}],"
    "   \"measurements\": [{\"period\": \"2025\", \"value\": \"63\"}]}],"
    " \"goals\": [{\"id\": \"kf-1\", \"title\": \"<script>alert(1)</script>\", \"level\": \"council\","
    "   \"perspective\": \"citizen\", \"owner\": \"kf\", \"indicators\": [{\"indicator\": \"nmi\"}]}]}";

int main(void) {
  styrkort_error *err = NULL;
  styrkort_model *model = NULL;
  styrkort_evaluation *eval = NULL;
  CHECK_STATUS(styrkort_model_from_json(S(MODEL), &model, &err), STYRKORT_OK, err);
  CHECK_STATUS(styrkort_model_evaluate(model, S("2025"), &eval, &err), STYRKORT_OK, err);

  char *sv = NULL;
  size_t sv_len = 0;
  CHECK_STATUS(styrkort_evaluation_report_html(model, eval, NULL, 0, &sv, &sv_len, &err),
               STYRKORT_OK, err);
  CHECK(sv != NULL && strlen(sv) == sv_len);
  CHECK(strncmp(sv, "<!DOCTYPE html><html lang=\"sv\">", 31) == 0);
  CHECK(strstr(sv, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
  CHECK(strstr(sv, "<script") == NULL);
  CHECK(strstr(sv, "data-goal=\"kf-1\" data-status=\"fulfilled\"") != NULL);
  CHECK(strstr(sv, "Uppfyllt") != NULL);

  char *again = NULL;
  CHECK_STATUS(styrkort_evaluation_report_html(model, eval, S("sv"), &again, NULL, &err),
               STYRKORT_OK, err);
  CHECK(again != NULL && sv != NULL && strcmp(again, sv) == 0);

  char *en = NULL;
  CHECK_STATUS(styrkort_evaluation_report_html(model, eval, S("en"), &en, NULL, &err),
               STYRKORT_OK, err);
  CHECK(en != NULL && strstr(en, "<html lang=\"en\">") != NULL);
  CHECK(en != NULL && strstr(en, "Fulfilled") != NULL);

  char *none = NULL;
  styrkort_status st = styrkort_evaluation_report_html(model, eval, S("de"), &none, NULL, &err);
  CHECK(st == STYRKORT_INVALID_ARGUMENT);
  CHECK(none == NULL);
  CHECK(err != NULL && strstr(styrkort_error_message(err), "\"de\"") != NULL);
  styrkort_error_free(err);
  err = NULL;
  st = styrkort_evaluation_report_html(NULL, eval, NULL, 0, &none, NULL, &err);
  CHECK(st == STYRKORT_NULL_ARGUMENT);
  styrkort_error_free(err);
  err = NULL;
  st = styrkort_evaluation_report_html(model, NULL, NULL, 0, &none, NULL, &err);
  CHECK(st == STYRKORT_NULL_ARGUMENT);
  styrkort_error_free(err);
  err = NULL;
  st = styrkort_evaluation_report_html(model, eval, NULL, 0, NULL, NULL, &err);
  CHECK(st == STYRKORT_NULL_ARGUMENT);
  styrkort_error_free(err);

  styrkort_string_free(sv);
  styrkort_string_free(again);
  styrkort_string_free(en);
  styrkort_evaluation_free(eval);
  styrkort_model_free(model);
  if (check_failures == 0) {
    printf("report: ok\n");
  }
  return check_failures == 0 ? 0 : 1;
}
