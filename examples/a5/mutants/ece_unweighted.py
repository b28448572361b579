"""expected_calibration_error averages the bins' gaps without weighting them by their sizes.
expect: lost test_expected_calibration_error_known_values, test_expected_calibration_error_matches_definition, test_expected_calibration_error_puts_one_in_the_last_bin
expect-message: without weights
"""
def expected_calibration_error(probs, labels, bins=10):
    confidence, predicted = probs.max(dim=1)
    correct = (predicted == labels).to(probs.dtype)
    which = torch.clamp((confidence * bins).long(), max=bins - 1)
    gaps = [torch.abs(correct[which == i].mean() - confidence[which == i].mean())
            for i in range(bins) if (which == i).any()]
    return torch.stack(gaps).mean()
