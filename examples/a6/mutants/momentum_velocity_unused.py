"""sgd_momentum_step updates the velocity but steps along the raw gradient.
expect: lost test_sgd_momentum_step_known_values, test_sgd_momentum_step_matches_definition, test_train_mlp_follows_the_recipe
expect-message: the step uses the raw gradient
"""
def sgd_momentum_step(params, grads, velocities, lr, momentum):
    new_params, new_velocities = [], []
    for (W, b), (dW, db), (vW, vb) in zip(params, grads, velocities):
        new_velocities.append((momentum * vW + (1 - momentum) * dW, momentum * vb + (1 - momentum) * db))
        new_params.append((W - lr * dW, b - lr * db))
    return new_params, new_velocities
