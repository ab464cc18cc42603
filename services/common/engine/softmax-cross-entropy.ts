import * as tf from '@tensorflow/tfjs';

/**
 * Mean softmax cross-entropy of integer labels, with the closed-form gradient
 * (softmax − onehot)/B instead of differentiating through logSumExp's max.
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const [batch, classes] = logits.shape;
  const oneHot = tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, classes).toFloat();
  // The one-hot goes in as an input so the gradient keeps it alive (the forward scope disposes its temporaries).
  const body = (l: tf.Tensor, target: tf.Tensor, save: tf.GradSaveFunc) => {
    const logProbs = tf.logSoftmax(l as tf.Tensor2D);
    save([logProbs, target]);
    const value = tf.div(tf.neg(tf.sum(tf.mul(logProbs, target))), tf.scalar(batch)) as tf.Scalar;
    return {
      value,
      gradFunc: (dy: tf.Tensor, [savedLogProbs, savedTarget]: tf.Tensor[]) => [
        tf.mul(dy, tf.div(tf.sub(tf.exp(savedLogProbs), savedTarget), tf.scalar(batch))),
        tf.zerosLike(savedTarget),
      ],
    };
  };
  return tf.customGrad(body as unknown as Parameters<typeof tf.customGrad>[0])(logits, oneHot) as tf.Scalar;
}

/** How many rows of `logits` have their largest entry at the label. */
export function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32'));
}
