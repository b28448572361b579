"""minibatch_order returns the batches as Python lists, though the notebook promises integer index arrays (its own demo cell calls b.tolist()).
expect: lost test_minibatch_order_small_example, test_minibatch_order_visits_each_index_once_per_epoch
expect-message: NumPy array
"""
def minibatch_order(n, batch_size, epochs, rng):
    order = []
    for _ in range(epochs):
        shuffled = rng.permutation(n).tolist()
        order.append([shuffled[start:start + batch_size] for start in range(0, n, batch_size)])
    return order
