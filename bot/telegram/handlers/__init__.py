"""One module per feature; app.build_application() registers them."""
