// No Electron binary exists on these machines (ENVIRONMENT.md). If anything under test
// requires 'electron' by accident, point it at a path that cannot be a real download so it
// fails loudly instead of trying the network.
process.env.ELECTRON_OVERRIDE_DIST_PATH ??= '/nonexistent/electron-is-not-available-in-tests';
