"""logsumexp is right but visits the rows one at a time with a list comprehension: the Python work grows with the
batch, which the notebook's "no loops" forbids.
expect: lost test_logsumexp_is_vectorized_and_from_scratch
expect-message: grows with the batch
"""
def logsumexp(Z):
    rows = []
    for z in Z:
        top = z.max()
        rows.append(top + torch.log(torch.exp(z - top).sum()))
    return torch.stack(rows)
