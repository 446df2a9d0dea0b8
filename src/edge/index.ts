export * from './nextjs-cache-policies';
export * from './nextjs-static-assets';
export * from './origin-framework';
export * from './shop-edge';
export * from './shop-edge-props';
