from services.tenancy.bootstrap import create_app
from services.tenancy.settings import Settings
from shared.runtime.serve import serve

serve("tenancy", Settings, create_app)
