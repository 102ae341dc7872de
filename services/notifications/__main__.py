from services.notifications.bootstrap import create_app
from services.notifications.settings import Settings
from shared.runtime.serve import serve

serve("notifications", Settings, create_app)
