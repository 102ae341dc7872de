from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    http_port: int = 8001
