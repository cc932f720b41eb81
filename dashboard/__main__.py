"""Serve the dashboard on the bundled data package: python -m dashboard [--host H] [--port P]."""
import argparse
import sys

from dashboard.data import PackageError


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8050)
    args = parser.parse_args()
    from dashboard.app import create_app
    try:
        app = create_app()
    except PackageError as exc:
        print(f"Vigía cannot start: {exc}", file=sys.stderr)
        return 1
    app.run(host=args.host, port=args.port, debug=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
