// The tfjs model builder: embedding networks, single-unit latency models, the training
// classifier head, and saving/loading in the tfjs format.

export * from './hard-swish.js';
export * from './weight-init.js';
export * from './unit-layers.js';
export * from './embedding-model.js';
export * from './layer-model.js';
export * from './classifier-head.js';
export * from './file-io.js';
export * from './export.js';
export * from './input-pixels.js';
export * from './model-artifacts.js';
