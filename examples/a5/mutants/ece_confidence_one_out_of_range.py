"""expected_calibration_error bins with floor(c B) alone, so a confidence of exactly 1 lands one past the last bin.
expect: lost test_expected_calibration_error_puts_one_in_the_last_bin
expect-message: one past the last bin
"""
def expected_calibration_error(probs, labels, bins=10):
    confidence, predicted = probs.max(dim=1)
    correct = (predicted == labels).to(probs.dtype)
    totals = torch.zeros(bins, 3, dtype=probs.dtype)
    for c, ok in zip(confidence, correct):
        totals[int(c * bins)] += torch.stack([torch.ones((), dtype=probs.dtype), ok, c])
    used = totals[:, 0] > 0
    count, hits, confidences = totals[used].T
    return float((torch.abs(hits - confidences) / len(labels)).sum())
