from services.console.bootstrap import create_app
from services.console.settings import Settings
from shared.runtime.serve import serve

serve("console", Settings, create_app)
