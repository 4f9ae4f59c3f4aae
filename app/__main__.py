try:  # an interrupt while the start-up module itself loads is still one line
    from app.start import main
except KeyboardInterrupt:
    import sys

    sys.stderr.write("drive-playlist: interrupted\n")
    raise SystemExit(130) from None

raise SystemExit(main())
