from app.start import main

raise SystemExit(main())
