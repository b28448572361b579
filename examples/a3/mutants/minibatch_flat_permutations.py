"""minibatch_order returns one flat permutation per epoch, never cut into batches: the checks must say so, not fail with a grader error.
expect: lost test_minibatch_order_small_example, test_minibatch_order_visits_each_index_once_per_epoch
expect-message: batch
expect-no-message: report this to your instructor
"""
def minibatch_order(n, batch_size, epochs, rng):
    return [rng.permutation(n) for _ in range(epochs)]
