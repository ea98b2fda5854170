#include "dac/core/model.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

using dac::Authorization;
using dac::Seller;
using dac::State;

namespace {

Seller seller(const std::string& id) {
  Seller s;
  s.seller_id = id;
  s.name = "Shop " + id;
  return s;
}

Authorization authorization(const std::string& seller_id, const std::string& developer_id) {
  Authorization a;
  a.seller_id = seller_id;
  a.developer_id = developer_id;
  a.nickname = "dev " + developer_id;
  a.token = "amzn.mws.00000000-0000-0000-0000-" + developer_id;
  return a;
}

// A state with `sellers` sellers (enough to use the hash index past 16) and
// two authorisations for each.
State sample(int sellers) {
  State s;
  for (int i = 0; i < sellers; ++i) {
    const std::string id = "SELLER" + std::to_string(1000 + i);
    s.add_seller(seller(id));
    s.add_authorization(authorization(id, "10000000000" + std::to_string(i % 10)));
    s.add_authorization(authorization(id, "20000000000" + std::to_string(i % 10)));
  }
  return s;
}

}  // namespace

TEST_CASE("State finds what add_seller and add_authorization added", "[model]") {
  for (const int sellers : {2, 40}) {
    State s = sample(sellers);
    REQUIRE(s.find_seller("SELLER1001") == &s.sellers[1]);
    REQUIRE(s.find("SELLER1001", "200000000001") == &s.authorizations[3]);
    CHECK(s.positions_of_seller("SELLER1001") == std::vector<std::size_t>{2, 3});
    Authorization& added = s.add_authorization(authorization("SELLER1001", "300000000000"));
    CHECK(&added == &s.authorizations.back());
    CHECK(s.find("SELLER1001", "300000000000") == &s.authorizations.back());
    CHECK(s.positions_of_seller("SELLER1001") == std::vector<std::size_t>{2, 3, s.authorizations.size() - 1});
    s.add_seller(seller("NEWSELLER01"));
    CHECK(s.find_seller("NEWSELLER01") == &s.sellers.back());
  }
}

TEST_CASE("State finds nothing for a missing key", "[model]") {
  for (const int sellers : {0, 2, 40}) {
    const State s = sample(sellers);
    CHECK(s.find_seller("NOSUCHSELLER") == nullptr);
    CHECK(s.find("NOSUCHSELLER", "100000000001") == nullptr);
    CHECK(s.find("SELLER1000", "999999999999") == nullptr);
    CHECK(s.positions_of_seller("NOSUCHSELLER").empty());
    // A key longer than any valid ID.
    CHECK(s.find(std::string(80, 'A'), "100000000001") == nullptr);
  }
}

TEST_CASE("State finds every record after its index has grown many times", "[model]") {
  // 5000 authorisations double the table from 16 slots nine times; keys that
  // share a developer or a seller, or swap the two, must still be told apart.
  State s;
  for (int i = 0; i < 50; ++i) s.add_seller(seller("SELLER" + std::to_string(1000 + i)));
  for (int i = 0; i < 50; ++i) {
    for (int j = 0; j < 100; ++j) {
      s.add_authorization(authorization("SELLER" + std::to_string(1000 + i), std::to_string(100000000000 + j)));
    }
  }
  REQUIRE(s.authorizations.size() == 5000);
  for (std::size_t k = 0; k < s.authorizations.size(); ++k) {
    const Authorization& a = s.authorizations[k];
    REQUIRE(s.find(a.seller_id, a.developer_id) == &a);
  }
  CHECK(s.find("SELLER1000", "100000000100") == nullptr);
  CHECK(s.find("100000000000", "SELLER1000") == nullptr);
  s.build_indexes();
  CHECK(s.find("SELLER1049", "100000000099") == &s.authorizations.back());
}

TEST_CASE("State copies keep working indexes", "[model]") {
  const State original = sample(20);
  State copy = original;
  copy.add_authorization(authorization("SELLER1000", "300000000000"));
  CHECK(copy.find("SELLER1000", "300000000000") == &copy.authorizations.back());
  CHECK(original.find("SELLER1000", "300000000000") == nullptr);
  CHECK(copy.find_seller("SELLER1019") == &copy.sellers[19]);
}

TEST_CASE("build_indexes indexes vectors set by hand; lookups refuse unindexed records", "[model]") {
  State s;
  s.sellers = {seller("SELLER1000"), seller("SELLER1001")};
  s.authorizations = {authorization("SELLER1001", "100000000001")};
  CHECK_THROWS_AS(s.find_seller("SELLER1000"), std::logic_error);
  CHECK_THROWS_AS(s.find("SELLER1001", "100000000001"), std::logic_error);
  CHECK_THROWS_AS(s.positions_of_seller("SELLER1001"), std::logic_error);
  s.build_indexes();
  // The address of the first record, not of the vector's buffer: &v[0], not v.data().
  // NOLINTBEGIN(readability-container-data-pointer)
  CHECK(s.find_seller("SELLER1000") == &s.sellers[0]);
  CHECK(s.find("SELLER1001", "100000000001") == &s.authorizations[0]);
  // NOLINTEND(readability-container-data-pointer)
  CHECK(s.positions_of_seller("SELLER1001") == std::vector<std::size_t>{0});
}
