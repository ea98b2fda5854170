#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "../helpers.hpp"
#include "dac/core/rules.hpp"
#include "dac/store/store.hpp"

namespace dac::test {

inline const std::string k_app_seller = "A1B2C3D4E5F6G7";
inline const rules::Actor k_app_actor{"alice", std::nullopt};

// A temp folder with a fresh JSON store for one test: one seller, confirmation
// on since `created`, and helpers to grant in it and read its files.
struct AppStore {
  TempDir tmp;
  std::filesystem::path dir = tmp.path() / "store";
  Instant created = at("2025-01-01T00:00:00Z");
  std::unique_ptr<Store> store;

  AppStore() {
    State state;
    rules::Outcome out;
    rules::add_seller(state, k_app_seller, "Main shop", created, created, k_app_actor, out);
    create_json_store(dir, state, out.events, created);
    store = open_json_store(dir);
  }

  // A grant request for developer `dev` (12 digits), authorised at `when`.
  [[nodiscard]] static rules::GrantRequest request_for(const std::string& dev, Instant when, bool own = false) {
    rules::GrantRequest r;
    r.seller_id = k_app_seller;
    r.developer_id = dev;
    r.nickname = "Dev " + dev;
    r.token = "amzn.mws.00000000-0000-0000-0000-" + dev;
    r.authorized_at = when;
    r.own = own;
    return r;
  }

  // Grants `dev` at `when` in one committed transaction.
  // NOLINTNEXTLINE(readability-make-member-function-const): it writes the fixture's store
  void grant(const std::string& dev, Instant when, bool own = false) {
    auto tx = store->begin(std::chrono::seconds(1));
    rules::Outcome out;
    rules::grant(tx->state(), request_for(dev, when, own), when, k_app_actor, out);
    tx->commit(out.events, when);
  }

  // The bytes of one of the store's files.
  [[nodiscard]] std::string file(const char* name) const {
    std::ifstream in(dir / name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
};

}  // namespace dac::test
