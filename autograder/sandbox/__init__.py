"""Running untrusted student code: the child process, its limits and the channel to it."""
