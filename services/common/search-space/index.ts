// The `mobilefacenet-v1` search space: decisions, encoding, validation, sampling,
// costs and layer units. Import from here.

export * from './space.js';
export * from './channels.js';
export * from './architecture.js';
export * from './encoding.js';
export * from './validation.js';
export * from './sampling.js';
export * from './mobilefacenet.js';
export * from './layer-unit.js';
export * from './layer-configs.js';
export * from './cost.js';
export * from './architecture-message.js';
