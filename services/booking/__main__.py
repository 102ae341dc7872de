from services.booking.bootstrap import create_app
from services.booking.settings import Settings
from shared.runtime.serve import serve

serve("booking", Settings, create_app)
