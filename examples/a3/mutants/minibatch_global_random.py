"""minibatch_order shuffles with np.random instead of the generator it was given, so runs cannot be repeated.
expect: lost test_minibatch_order_is_reproducible_and_reshuffled
expect-message: draw every random number from the generator rng
"""
def minibatch_order(n, batch_size, epochs, rng):
    order = []
    for _ in range(epochs):
        shuffled = np.random.permutation(n)
        order.append([shuffled[i:i + batch_size] for i in range(0, n, batch_size)])
    return order
