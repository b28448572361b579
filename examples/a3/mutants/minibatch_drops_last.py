"""minibatch_order drops the last, shorter batch of each epoch, as the lecture's loop does.
expect: lost test_minibatch_order_small_example, test_minibatch_order_visits_each_index_once_per_epoch
expect-message: the last, shorter batch is missing
"""
def minibatch_order(n, batch_size, epochs, rng):
    order = []
    for _ in range(epochs):
        shuffled = rng.permutation(n)
        order.append([shuffled[i:i + batch_size] for i in range(0, n - batch_size + 1, batch_size)])
    return order
