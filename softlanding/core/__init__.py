"""Shared plumbing of every domain: extensions, database types, errors, the request transaction,
access decorators, templating, jobs, mail, reference lists and navigation."""


def register_core(app):
    """Bind the extensions and install the core's hooks, error pages, template helpers and commands."""
    import logging
    import os

    from softlanding import models  # noqa: F401  (every table registered before create_all / Alembic)
    from softlanding.core import (
        cli,
        converters,
        errorpages,
        extensions,
        home,
        kept_forms,
        logs,
        pages,
        reference,
        registry,
        stamps,
        templating,
        transaction,
        web,
    )

    os.makedirs(app.instance_path, exist_ok=True)
    trusted = app.config.get("TRUSTED_PROXIES", 0)
    if trusted:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind the TLS proxy the peer is the proxy: take the client address and scheme from the headers
        # the trusted proxies add (and only theirs), so rate limits key on the person, not the proxy.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted)
    if not app.debug and not app.testing:
        # Plain INFO logging; request bodies, passwords and tokens are never logged.
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logs.install()  # before anything can log a request line: tokens never reach a log
    converters.register(app)  # before any rule is added: rules bind their converter when made
    registry.init_app(app)
    stamps.install(app)
    reference.register()
    transaction.register(app)  # first, so its after_request (the commit) runs after every other
    extensions.init_app(app)
    app.register_blueprint(pages.bp)
    registry.get_registry(app).add_nav("Home", "main.index", "all", 0)
    home.register(registry.get_registry(app))
    errorpages.register(app)
    web.register(app)
    templating.register(app)
    kept_forms.register(app)
    cli.register(app)
