#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../helpers.hpp"
#include "dac/core/csv.hpp"
#include "dac/core/error.hpp"
#include "dac/core/import.hpp"
#include "dac/core/rules.hpp"

using dac::ErrorKind;
using dac::test::at;
using dac::test::error_from;

namespace {

struct Row {
  std::size_t line;
  std::vector<std::string> fields;
  bool operator==(const Row&) const = default;
};

std::vector<Row> read(std::string_view text) {
  std::vector<Row> rows;
  dac::read_csv(text, "in.csv", [&](dac::CsvRecord& r) { rows.push_back({r.line, r.fields}); });
  return rows;
}

constexpr const char* k_seller = "A1B2C3D4E5F6G7";
constexpr const char* k_seller2 = "Z9Y8X7W6V5U4T3";
constexpr const char* k_token = "amzn.mws.4ea39c1d-a2b3-4c5d-9e8f-0123abcd4567";
const dac::Instant k_now = at("2026-11-26T12:00:00Z");

dac::State store(int sellers) {
  dac::State state;
  dac::rules::Outcome out;
  const dac::rules::Actor actor{"unit", std::nullopt};
  dac::rules::add_seller(state, k_seller, "Shop", at("2025-01-01T00:00:00Z"), k_now, actor, out);
  if (sellers > 1) dac::rules::add_seller(state, k_seller2, "Outlet", std::nullopt, k_now, actor, out);
  return state;
}

dac::ImportPlan plan(const dac::State& state, const std::string& csv, bool skip_existing = false) {
  return dac::plan_import(state, csv, "in.csv", std::nullopt, skip_existing, k_now);
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<Row> {
  static std::string convert(const Row& r) {
    std::string s = "line " + std::to_string(r.line) + ":";
    for (const auto& f : r.fields) s += " [" + f + "]";
    return s;
  }
};
}  // namespace Catch

TEST_CASE("read_csv splits records and fields, with the line each record starts on", "[csv]") {
  CHECK(read("a,b,c\n1,,3\n") == std::vector<Row>{{1, {"a", "b", "c"}}, {2, {"1", "", "3"}}});
  CHECK(read("a,b\r\n1,2\r\n") == std::vector<Row>{{1, {"a", "b"}}, {2, {"1", "2"}}});
  CHECK(read("a,b\n1,2") == std::vector<Row>{{1, {"a", "b"}}, {2, {"1", "2"}}});  // no final newline
  CHECK(read("\xEF\xBB\xBF"
             "a\n") == std::vector<Row>{{1, {"a"}}});                       // byte order mark
  CHECK(read("a\n\n\r\nb\n") == std::vector<Row>{{1, {"a"}}, {4, {"b"}}});  // blank lines skipped
  CHECK(read("a,\n") == std::vector<Row>{{1, {"a", ""}}});
  CHECK(read("").empty());
}

TEST_CASE("read_csv unquotes fields, across lines too", "[csv]") {
  CHECK(read("\"a,b\",\"say \"\"hi\"\"\",\"\"\n") == std::vector<Row>{{1, {"a,b", "say \"hi\"", ""}}});
  CHECK(read("\"two\nlines\",x\nnext\n") == std::vector<Row>{{1, {"two\nlines", "x"}}, {3, {"next"}}});
  CHECK(read("\"\"\"\"\n") == std::vector<Row>{{1, {"\""}}});
  CHECK(read("\"ends here\"") == std::vector<Row>{{1, {"ends here"}}});
}

TEST_CASE("read_csv gives each record its own width while it reuses buffers", "[csv]") {
  CHECK(read("a,b,c\nlonger value,x\n1,2,3,4\n\"q\"\n") ==
        std::vector<Row>{{1, {"a", "b", "c"}}, {2, {"longer value", "x"}}, {3, {"1", "2", "3", "4"}}, {4, {"q"}}});
}

TEST_CASE("read_csv refuses malformed quoting with the line", "[csv]") {
  struct Bad {
    const char* text;
    const char* message;
  };
  const Bad bad = GENERATE(values<Bad>({
      {"a\n\"open\nstill open", "in.csv line 2: a quoted field is not closed"},
      {"a\n\"x\"y\n", "in.csv line 2: unexpected text after a closing quote"},
      {"a\nb\"c\n", "in.csv line 2: a quote inside an unquoted field"},
      {"a\rb\n", "in.csv line 1: a carriage return outside quotes"},
      {"\"multi\nline\"z\n", "in.csv line 2: unexpected text after a closing quote"},
  }));
  CAPTURE(bad.text);
  const dac::Error e = error_from([&] { (void)read(bad.text); });
  CHECK(e.kind() == ErrorKind::Usage);
  CHECK(std::string(e.what()) == bad.message);
}

TEST_CASE("plan_import reads the columns by name, in any order", "[import]") {
  const dac::State state = store(2);
  const auto p =
      plan(state, "mws_auth_token,authorized_at,nickname,developer_id,seller_id,own\n" + std::string(k_token) +
                      ",2026-06-01,\"Khaos, Control\",1234-5678-9012," + k_seller2 + ",false\n");
  REQUIRE(p.problems.empty());
  REQUIRE(p.grants.size() == 1);
  const auto& g = p.grants.front();
  CHECK(g.developer_id == "123456789012");
  CHECK(g.nickname == "Khaos, Control");
  CHECK(g.seller_id == k_seller2);
  CHECK(g.token == k_token);
  CHECK(g.authorized_at == at("2026-06-01T00:00:00Z"));
  CHECK_FALSE(g.own);
  CHECK_FALSE(g.last_confirmed_at);
}

TEST_CASE("plan_import sends rows without seller_id to the only seller", "[import]") {
  const auto p = plan(store(1),
                      "developer_id,nickname,authorized_at,mws_auth_token,last_confirmed_at\n"
                      "100000000001,A,2026-01-01," +
                          std::string(k_token) + ",2026-03-01T10:00:00Z\n");
  REQUIRE(p.problems.empty());
  REQUIRE(p.grants.size() == 1);
  CHECK(p.grants[0].seller_id == k_seller);
  CHECK(p.grants[0].last_confirmed_at == at("2026-03-01T10:00:00Z"));

  const auto several = plan(store(2),
                            "developer_id,nickname,authorized_at,mws_auth_token\n"
                            "100000000001,A,2026-01-01," +
                                std::string(k_token) + "\n");
  REQUIRE(several.problems.size() == 1);
  CHECK_THAT(several.problems[0].message, Catch::Contains("no seller_id, and the store has several sellers"));
}

TEST_CASE("plan_import reports every bad row with its line, and plans none of them", "[import]") {
  const std::string header = "developer_id,nickname,authorized_at,mws_auth_token,own\n";
  const std::string t = k_token;
  const auto p =
      plan(store(1), header +                                           // line 1
                         "100000000001,Good,2026-01-01," + t + ",\n" +  // 2
                         "12345678901,Short,2026-01-01," + t + ",\n" +  // 3
                         "100000000003,,2026-01-01," + t + ",\n" +      // 4
                         "100000000004,Future,2027-01-01," + t + ",\n" +
                         "100000000005,Masked,2026-01-01,amzn.mws.4ea3…4567,\n" + "100000000006,Own,2026-01-01," + t +
                         ",maybe\n" + "100000000007,Narrow,2026-01-01\n" + "100000000001,Twice,2026-01-01," + t +
                         ",\n" +  // 9
                         "100000000010,\"Two\nlines\",2025-02-30," + t + ",\n");
  CHECK(p.grants.size() == 1);
  std::vector<std::size_t> lines;
  for (const auto& problem : p.problems) lines.push_back(problem.line);
  CHECK(lines == std::vector<std::size_t>{3, 4, 5, 6, 7, 8, 9, 10});
  REQUIRE(p.problems.size() == 8);
  CHECK_THAT(p.problems[0].message, Catch::Contains("12345678901"));
  CHECK_THAT(p.problems[2].message, Catch::Contains("authorized_at 2027-01-01 is in the future"));
  CHECK_THAT(p.problems[3].message, Catch::Contains("mws_auth_token is masked"));
  CHECK_THAT(p.problems[3].message, Catch::Contains("--reveal-tokens"));
  CHECK_THAT(p.problems[4].message, Catch::Contains("own must be true or false, not 'maybe'"));
  CHECK_THAT(p.problems[5].message, Catch::Contains("3 fields where the header has 5"));
  CHECK_THAT(p.problems[6].message, Catch::Contains("appears twice in the file"));
  for (const auto& problem : p.problems) {
    CHECK(problem.kind == ErrorKind::Usage);
    CHECK_THAT(problem.message, !Catch::Contains(t));  // never the token itself
  }
}

TEST_CASE("plan_import refuses a header it cannot read", "[import]") {
  const dac::State state = store(1);
  CHECK_THAT(error_from([&] { (void)plan(state, ""); }).what(), Catch::Equals("in.csv is empty"));
  CHECK_THAT(
      error_from([&] { (void)plan(state, "developer_id,nickname,authorized_at,mws_auth_token,colour\n"); }).what(),
      Catch::Equals("in.csv line 1: unknown column 'colour'"));
  CHECK_THAT(
      error_from([&] { (void)plan(state, "developer_id,nickname,nickname,authorized_at,mws_auth_token\n"); }).what(),
      Catch::Equals("in.csv line 1: column 'nickname' appears twice"));
  CHECK_THAT(error_from([&] { (void)plan(state, "developer_id,nickname,authorized_at\n"); }).what(),
             Catch::Equals("in.csv: the header has no 'mws_auth_token' column"));
}

TEST_CASE("plan_import refuses or skips what the store already holds", "[import]") {
  dac::State state = store(1);
  dac::rules::Outcome out;
  dac::rules::GrantRequest held;
  held.seller_id = k_seller;
  held.developer_id = "100000000001";
  held.nickname = "Held";
  held.token = k_token;
  held.authorized_at = at("2026-06-01T00:00:00Z");
  dac::rules::grant(state, held, k_now, {"unit", std::nullopt}, out);

  const std::string csv = "developer_id,nickname,authorized_at,mws_auth_token\n100000000001,Again,2026-01-01," +
                          std::string(k_token) + "\n100000000002,New,2026-01-01," + k_token + "\n";
  const auto refused = plan(state, csv);
  REQUIRE(refused.problems.size() == 1);
  CHECK(refused.problems[0].line == 2);
  CHECK(refused.problems[0].kind == ErrorKind::Refused);
  CHECK_THAT(refused.problems[0].message, Catch::Contains("--skip-existing"));

  const auto skipped = plan(state, csv, true);
  CHECK(skipped.problems.empty());
  CHECK(skipped.skipped == 1);
  REQUIRE(skipped.grants.size() == 1);
  CHECK(skipped.grants[0].developer_id == "100000000002");
}

TEST_CASE("plan_import refuses deceiving nicknames per row (SPEC §1), with the line", "[import]") {
  const std::string header = "developer_id,nickname,authorized_at,mws_auth_token\n";
  const std::string t = k_token;
  const auto p = plan(store(1), header +                                                           // line 1
                                    "100000000001,12345678901,2026-01-01," + t + "\n" +            // 2: 11 digits, fine
                                    "100000000002,1234-5678-9012,2026-01-01," + t + "\n" +         // 3: an ID's shape
                                    "100000000003,123456789012,2026-01-01," + t + "\n" +           // 4
                                    "100000000004,1234 5678 9012,2026-01-01," + t + "\n" +         // 5
                                    "100000000005,Zero\xE2\x80\x8BWidth,2026-01-01," + t + "\n" +  // 6: U+200B
                                    "100000000006,Evil\xE2\x80\xAEgnp,2026-01-01," + t + "\n" +    // 7: U+202E
                                    "100000000007,\xC2\xA0Padded,2026-01-01," + t + "\n" +         // 8: U+00A0
                                    "100000000008,\"  \",2026-01-01," + t + "\n" +                 // 9: blank
                                    "100000000009,1234567890123,2026-01-01," + t + "\n");  // 10: 13 digits, fine
  CHECK(p.grants.size() == 2);
  std::vector<std::size_t> lines;
  for (const auto& problem : p.problems) lines.push_back(problem.line);
  CHECK(lines == std::vector<std::size_t>{3, 4, 5, 6, 7, 8, 9});
  REQUIRE(p.problems.size() == 7);
  CHECK_THAT(p.problems[0].message, Catch::Contains("developer ID"));
  CHECK_THAT(p.problems[3].message, Catch::Contains("U+200B"));
  CHECK_THAT(p.problems[4].message, Catch::Contains("U+202E"));
  CHECK_THAT(p.problems[5].message, Catch::Contains("U+00A0"));
  CHECK_THAT(p.problems[6].message, Catch::Contains("blank"));
  for (const auto& problem : p.problems) CHECK(problem.kind == ErrorKind::Usage);
}
