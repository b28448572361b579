"""minibatch_order shuffles once and reuses that order in every epoch.
expect: lost test_minibatch_order_is_reproducible_and_reshuffled
expect-message: reshuffle at the start of every epoch
"""
def minibatch_order(n, batch_size, epochs, rng):
    shuffled = rng.permutation(n)
    batches = [shuffled[i:i + batch_size] for i in range(0, n, batch_size)]
    return [list(batches) for _ in range(epochs)]
