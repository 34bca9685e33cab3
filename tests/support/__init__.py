"""Test helpers shared by the test modules: a local Netlify-like server, CSP and browser tools."""
