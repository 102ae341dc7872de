from services.tenancy.bootstrap import create_app
from services.tenancy.settings import Settings
from shared.serve import serve

serve("tenancy", Settings, create_app)
