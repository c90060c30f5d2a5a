// The header compiles as C++17 with every warning on, and its include
// guard holds: including it twice must not redefine anything.
#include "styrkort.h"
#include "styrkort.h"

#include <cstdio>
#include <cstring>
#include <string>

int main() {
  styrkort_model *model = nullptr;
  styrkort_error *err = nullptr;
  const std::string json = R"({"format": "styrkort/1"})";
  styrkort_status s = styrkort_model_from_json(json.data(), json.size(), &model, &err);
  if (s != STYRKORT_OK) {
    std::fprintf(stderr, "header.cpp: %s\n", styrkort_error_message(err));
    styrkort_error_free(err);
    return 1;
  }
  styrkort_model_free(model);
  if (std::strcmp(styrkort_version(), STYRKORT_VERSION) != 0) return 1;
  static_assert(STYRKORT_PERSPECTIVES == 4, "four perspectives");
  static_assert(STYRKORT_CONFLICT == 11 && STYRKORT_INVALID_ARGUMENT == 12, "fixed codes");
  const styrkort_conflict_policy policy = STYRKORT_CONFLICT_POLICY_REPLACE;
  static_assert(STYRKORT_CONFLICT_POLICY_KEEP == 0 && STYRKORT_CONFLICT_POLICY_ERROR == 2,
                "fixed policies");
  styrkort_engine *engine = nullptr;
  if (policy != 1 || styrkort_engine_new(nullptr, "2025", 4, nullptr, 0, &engine, nullptr) !=
                         STYRKORT_NULL_ARGUMENT) {
    return 1;
  }
  styrkort_engine_free(engine);
  std::printf("header.cpp: ok\n");
  return 0;
}
