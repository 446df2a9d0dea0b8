fetch('/api/products').then((r) => r.json()).then((products) => {
  document.getElementById('app').textContent = `${products.length} products`;
});
