import sys

from bitc.event_contract.commands import main

sys.exit(main())
