// What the page needs to know about its host (GET /storefront.json): the card gateway's
// tokenization endpoint, or null when this shop takes saved cards only.
let loaded = null;

export function settings() {
  loaded ??= fetch('storefront.json')
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`storefront.json: ${response.status}`))))
    .catch(() => {
      // Not kept: the next page asks again.
      loaded = null;
      return {};
    });
  return loaded;
}
