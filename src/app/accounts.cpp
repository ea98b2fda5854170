#include "dac/app/accounts.hpp"

#include "dac/core/error.hpp"
#include "dac/core/rules.hpp"

namespace dac::app {

Authorization own_account(Store& store, const std::optional<std::string>& seller_id) {
  State state = store.load();
  const Seller& seller = rules::pick_seller(state, seller_id);
  const Authorization* own = nullptr;
  for (const Authorization& a : state.authorizations) {
    if (a.seller_id == seller.seller_id && a.own && a.token) own = &a;
  }
  if (own == nullptr) {
    throw Error(ErrorKind::NotFound, "seller " + seller.seller_id + " has no own developer account in the store",
                "record it with: dac grant DEV_ID --own --nickname NAME --token-file PATH");
  }
  return *own;
}

}  // namespace dac::app
