"""expected_calibration_error uses right-closed bins (i/B, (i+1)/B], putting a confidence on an edge in the bin below.
expect: lost test_expected_calibration_error_bins_are_closed_on_the_left
expect-message: belongs to bin i
"""
def expected_calibration_error(probs, labels, bins=10):
    confidence, predicted = probs.max(dim=1)
    correct = (predicted == labels).to(probs.dtype)
    which = torch.clamp(torch.ceil(confidence * bins).long() - 1, min=0, max=bins - 1)
    total = torch.zeros((), dtype=probs.dtype)
    for index in range(bins):
        members = which == index
        if members.any():
            total = total + members.sum() / len(labels) * torch.abs(correct[members].mean() - confidence[members].mean())
    return total
