"""Correct: softmax and logsumexp loop over a fixed pair of column blocks (never over the rows): the scan sees a
loop, the run-time count shows it does not grow with the batch.
expect: full
"""
def logsumexp(Z):
    top = Z.max(dim=1, keepdim=True).values
    total = sum(torch.exp(block - top).sum(dim=1) for block in torch.tensor_split(Z, 2, dim=1))
    return top[:, 0] + torch.log(total)


def softmax(Z):
    return torch.exp(Z - logsumexp(Z)[:, None])
