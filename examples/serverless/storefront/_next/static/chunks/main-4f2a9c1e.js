// The storefront's script: lists the catalog from the shop's own API (same origin, no CORS).
fetch('/api/products')
  .then((r) => r.json())
  .then((body) => {
    const list = document.getElementById('products');
    if (!list) return;
    for (const p of body.products || []) {
      const li = document.createElement('li');
      li.textContent = p.name;
      list.appendChild(li);
    }
  });
